// Where the console API (window.bae.atlas) finds the atlas map while it is on screen: the page
// registers its map handle on mount and clears it on unmount. Nothing else reads it.
import type { AtlasMapHandle } from '../scene/atlas/AtlasMap';

let current: AtlasMapHandle | null = null;

export function registerAtlasMap(handle: AtlasMapHandle | null): void {
  current = handle;
}

export function atlasMap(): AtlasMapHandle | null {
  return current;
}
