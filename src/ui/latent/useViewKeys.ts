// Keys of the latent and manifold-CSV views (core/shortcuts: prev, next, back, openInput): [ or ←
// previous composite, ] or → next, Escape back to the atlas, I opens the hovered point's input in
// the token view. Ignored while typing in a field, with a modifier held, with a dialog open, or
// when a focused control used the key (the spectrum, the 3-D canvas).
import { useEffect, useRef } from 'react';
import { isShortcut, isTyping } from '../../core/shortcuts';
import { useAppStore } from '../../state/appStore';

export interface ViewKeys {
  prev: (() => void) | null;
  next: (() => void) | null;
  back: () => void;
  /** Opens the input under the pointer (key I), or null. */
  openInput?: (() => void) | null;
}

export function useViewKeys(keys: ViewKeys): void {
  const ref = useRef(keys);
  useEffect(() => {
    ref.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      if (useAppStore.getState().dialogOpen || document.querySelector('[role="dialog"]')) return;
      const k = ref.current;
      if (isShortcut('prev', e) && k.prev) {
        e.preventDefault();
        k.prev();
      } else if (isShortcut('next', e) && k.next) {
        e.preventDefault();
        k.next();
      } else if (isShortcut('back', e)) {
        e.preventDefault();
        k.back();
      } else if (isShortcut('openInput', e) && k.openInput) {
        e.preventDefault();
        k.openInput();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
