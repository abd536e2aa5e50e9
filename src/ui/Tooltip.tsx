// The only owner of tooltips that must escape their container: the tip is rendered into
// document.body (a portal), fixed-positioned under its anchor (above it when there is no room
// below) and kept inside the viewport, so a narrow or scrolling column never cuts it. It shows on
// hover and on keyboard focus, and stays in the accessibility tree (hidden) for
// aria-describedby while closed.
import {
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { placeTip } from '../core/placement';

export interface TipAnchorProps extends HTMLAttributes<HTMLDivElement> {
  /** The tip's id (the anchor's aria-describedby). */
  tipId: string;
  tip: ReactNode;
  /** Extra class of the tip element. */
  tipClass?: string;
  children: ReactNode;
}

/** A focusable element (a div) with a tooltip that escapes every container. */
export function TipAnchor({ tipId, tip, tipClass, children, ...rest }: TipAnchorProps) {
  const anchor = useRef<HTMLDivElement>(null);
  const tipEl = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  const show = useCallback(() => setOpen(true), []);
  const hide = useCallback(() => {
    setOpen(false);
    setAt(null);
  }, []);
  useLayoutEffect(() => {
    if (!open || !anchor.current || !tipEl.current) return;
    const a = anchor.current.getBoundingClientRect();
    const t = tipEl.current.getBoundingClientRect();
    setAt(
      placeTip(a, t, {
        width: document.documentElement.clientWidth,
        height: document.documentElement.clientHeight,
      }),
    );
  }, [open]);
  return (
    <div
      ref={anchor}
      tabIndex={0}
      aria-describedby={tipId}
      onMouseEnter={show}
      onMouseLeave={hide}
      onFocus={show}
      onBlur={hide}
      {...rest}
    >
      {children}
      {createPortal(
        <div
          ref={tipEl}
          role="tooltip"
          id={tipId}
          data-testid={tipId}
          className={tipClass ? `tooltip ${tipClass}` : 'tooltip'}
          hidden={!open}
          style={{
            left: at?.left ?? 0,
            top: at?.top ?? 0,
            visibility: at ? 'visible' : 'hidden',
          }}
        >
          {tip}
        </div>,
        document.body,
      )}
    </div>
  );
}
