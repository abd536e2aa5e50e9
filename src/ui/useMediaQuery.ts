// Whether a CSS media query matches, kept current as the window changes (for layouts that must
// move an element, not only restyle it).
import { useSyncExternalStore } from 'react';

/** True while `query` (e.g. "(max-width: 1100px)") matches. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
