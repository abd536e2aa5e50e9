// The only owner of a modal dialog's frame: the backdrop (a click on it closes), the dialog box
// with its role and label, and the title row with the close button; the keyboard contract comes
// from useDialogFocus (focus moves in — to the close button unless `focusFirst` says otherwise —
// Escape closes, focus goes back on closing).
import { useRef, type ReactNode, type RefObject } from 'react';
import { useDialogFocus } from './useDialogFocus';

export interface DialogProps {
  /** Id of the title heading (the dialog's aria-labelledby). */
  titleId: string;
  title: ReactNode;
  onClose: () => void;
  /** Extra class of the dialog box (e.g. its width). */
  className?: string;
  testId?: string;
  /** Puts focus inside the dialog on opening; by default the close button takes it. */
  focusFirst?: () => void;
  /** The dialog box element, for callers that look inside it. */
  boxRef?: RefObject<HTMLDivElement | null>;
  children: ReactNode;
}

export function Dialog({
  titleId,
  title,
  onClose,
  className,
  testId,
  focusFirst,
  boxRef,
  children,
}: DialogProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useDialogFocus(onClose, focusFirst ?? (() => closeRef.current?.focus()));
  return (
    <div
      className="backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        className={className ? `dialog ${className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        ref={boxRef}
      >
        <div className="row">
          <h2 id={titleId} style={{ flex: 1 }}>
            {title}
          </h2>
          <button ref={closeRef} type="button" onClick={onClose} aria-label="Close dialog">
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
