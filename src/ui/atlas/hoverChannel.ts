// A one-value channel for the atlas hover: the map publishes the composite under the pointer (as
// it changes, not per frame) and only the hover card subscribes, so hovering never re-renders
// the page. One per atlas view.
import { useSyncExternalStore } from 'react';

export interface HoverValue {
  index: number;
  /** Position of the point in the map's pixels. */
  xPx: number;
  yPx: number;
}

export interface HoverChannel {
  set: (v: HoverValue | null) => void;
  get: () => HoverValue | null;
  subscribe: (listener: () => void) => () => void;
}

export function createHoverChannel(): HoverChannel {
  let value: HoverValue | null = null;
  const listeners = new Set<() => void>();
  return {
    set: (v) => {
      if (v === value) return;
      value = v;
      for (const l of listeners) l();
    },
    get: () => value,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export function useHover(channel: HoverChannel): HoverValue | null {
  return useSyncExternalStore(channel.subscribe, channel.get, channel.get);
}
