// The only owner of a modal dialog's keyboard contract: on opening, focus moves into the dialog;
// Escape closes it; on closing, focus goes back to whatever had it before. ui/Dialog (every
// modal dialog's frame) uses it.
import { useEffect, useEffectEvent } from 'react';

/**
 * While the calling dialog is mounted: `focusFirst` puts focus inside it (once on mount, and again
 * if `onClose` changes), Escape calls `onClose`, and unmounting restores the previous focus.
 */
export function useDialogFocus(onClose: () => void, focusFirst: () => void): void {
  const focusInside = useEffectEvent(focusFirst);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    focusInside();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      prev?.focus?.();
    };
  }, [onClose]);
}
