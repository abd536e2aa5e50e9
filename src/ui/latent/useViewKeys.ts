// Keys of the latent and manifold-CSV views: [ or ← previous composite, ] or → next, Escape back
// to the atlas, I opens the hovered point's input in the token view. Ignored while typing in a field, with a modifier held, or with a dialog open.
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/appStore';

export interface ViewKeys {
  prev: (() => void) | null;
  next: (() => void) | null;
  back: () => void;
  /** Opens the input under the pointer (key I), or null. */
  openInput?: (() => void) | null;
}

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function useViewKeys(keys: ViewKeys): void {
  const ref = useRef(keys);
  useEffect(() => {
    ref.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (useAppStore.getState().dialogOpen || document.querySelector('[role="dialog"]')) return;
      const k = ref.current;
      if ((e.key === '[' || e.key === 'ArrowLeft') && k.prev) {
        e.preventDefault();
        k.prev();
      } else if ((e.key === ']' || e.key === 'ArrowRight') && k.next) {
        e.preventDefault();
        k.next();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        k.back();
      } else if ((e.key === 'i' || e.key === 'I') && k.openInput) {
        e.preventDefault();
        k.openInput();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
