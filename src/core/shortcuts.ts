// The only owner of the app's keyboard shortcuts: every key, where it works and what it does.
// The handlers (the app's global keys, the latent view's, the manifold pane's framing keys, the
// 3-D canvas, the spectrum, the atlas map, list and search) match events against this table, the
// shortcut list (`?`) is generated from it, and buttons take their titles and aria-keyshortcuts
// from it, so a key cannot change in one place and not the other. Pure.

/** Where a shortcut works. */
export type ShortcutScope =
  | 'Everywhere'
  | 'Latent view'
  | '3-D manifold'
  | 'Spectrum (focused)'
  | 'Atlas'
  | 'Atlas map (focused)'
  | 'Atlas list (focused)';

export interface Shortcut {
  scope: ShortcutScope;
  /** KeyboardEvent.key values that trigger it (any of them; no Ctrl, Alt or Meta held). */
  keys: readonly string[];
  /** What it does, in words. */
  does: string;
  /** The control that must have the focus, when the scope does not say (its keys may repeat). */
  focus?: 'canvas' | 'search box';
}

/** The table, in the order the shortcut list shows it. */
export const SHORTCUTS = {
  help: { scope: 'Everywhere', keys: ['?'], does: 'Show this list of shortcuts' },
  open: { scope: 'Everywhere', keys: ['o'], does: 'Open a model' },
  atlas: { scope: 'Everywhere', keys: ['a'], does: 'Go to the atlas' },
  model: { scope: 'Everywhere', keys: ['m'], does: 'Go to the model panel' },
  theme: { scope: 'Everywhere', keys: ['t'], does: 'Switch between light and dark' },
  prev: { scope: 'Latent view', keys: ['[', 'ArrowLeft'], does: 'Previous composite' },
  next: { scope: 'Latent view', keys: [']', 'ArrowRight'], does: 'Next composite' },
  back: {
    scope: 'Latent view',
    keys: ['Escape'],
    does: "Clear the manifold's selection, or else go back to the atlas",
  },
  openInput: {
    scope: 'Latent view',
    keys: ['i'],
    does: "Open the hovered point's input in the token view",
  },
  frameFiring: {
    scope: '3-D manifold',
    keys: ['f'],
    does: 'Frame the points that fire most, facing their plane',
  },
  frameAll: { scope: '3-D manifold', keys: ['F'], does: 'Frame every point shown' },
  framePinned: {
    scope: '3-D manifold',
    keys: ['p'],
    does: 'Frame the selected points, or the pinned ones when none is selected',
  },
  alongX: { scope: '3-D manifold', keys: ['x'], does: 'View along the x axis' },
  alongY: { scope: '3-D manifold', keys: ['y'], does: 'View along the y axis' },
  alongZ: { scope: '3-D manifold', keys: ['z'], does: 'View along the z axis' },
  manifoldSearchFrame: {
    scope: '3-D manifold',
    keys: ['Enter'],
    does: 'From the search box: frame the points that match',
    focus: 'search box',
  },
  manifoldSearchClear: {
    scope: '3-D manifold',
    keys: ['Escape'],
    does: 'From the search box: clear the search',
    focus: 'search box',
  },
  resetCamera: {
    scope: '3-D manifold',
    keys: ['r'],
    does: 'Reset the camera (the default framing, not kept in the link)',
  },
  orbitLeft: {
    scope: '3-D manifold',
    keys: ['ArrowLeft'],
    does: 'Orbit left (canvas focused)',
    focus: 'canvas',
  },
  orbitRight: {
    scope: '3-D manifold',
    keys: ['ArrowRight'],
    does: 'Orbit right (canvas focused)',
    focus: 'canvas',
  },
  orbitUp: {
    scope: '3-D manifold',
    keys: ['ArrowUp'],
    does: 'Orbit up (canvas focused)',
    focus: 'canvas',
  },
  orbitDown: {
    scope: '3-D manifold',
    keys: ['ArrowDown'],
    does: 'Orbit down (canvas focused)',
    focus: 'canvas',
  },
  zoomIn: {
    scope: '3-D manifold',
    keys: ['+', '='],
    does: 'Zoom in (canvas focused)',
    focus: 'canvas',
  },
  zoomOut: {
    scope: '3-D manifold',
    keys: ['-', '_'],
    does: 'Zoom out (canvas focused)',
    focus: 'canvas',
  },
  barPrev: {
    scope: 'Spectrum (focused)',
    keys: ['ArrowLeft', 'ArrowUp'],
    does: 'Previous eigenvalue',
  },
  barNext: {
    scope: 'Spectrum (focused)',
    keys: ['ArrowRight', 'ArrowDown'],
    does: 'Next eigenvalue',
  },
  barFirst: { scope: 'Spectrum (focused)', keys: ['Home'], does: 'First eigenvalue' },
  barLast: { scope: 'Spectrum (focused)', keys: ['End'], does: 'Last eigenvalue shown' },
  barAssign: {
    scope: 'Spectrum (focused)',
    keys: ['Enter', ' '],
    does: 'Plot its eigenvector as the chosen axis (x, y or z)',
  },
  search: { scope: 'Atlas', keys: ['/'], does: 'Search composites by id, label or token' },
  searchToList: {
    scope: 'Atlas',
    keys: ['ArrowDown'],
    does: 'From the search box: the first result, highlighted in the list',
    focus: 'search box',
  },
  searchOpenInput: {
    scope: 'Atlas',
    keys: ['Enter'],
    does: 'From the search box: open the input whose word was typed (token view)',
    focus: 'search box',
  },
  searchClear: {
    scope: 'Atlas',
    keys: ['Escape'],
    does: 'From the search box: clear the search',
    focus: 'search box',
  },
  mapPanLeft: { scope: 'Atlas map (focused)', keys: ['ArrowLeft'], does: 'Pan left' },
  mapPanRight: { scope: 'Atlas map (focused)', keys: ['ArrowRight'], does: 'Pan right' },
  mapPanUp: { scope: 'Atlas map (focused)', keys: ['ArrowUp'], does: 'Pan up' },
  mapPanDown: { scope: 'Atlas map (focused)', keys: ['ArrowDown'], does: 'Pan down' },
  mapZoomIn: { scope: 'Atlas map (focused)', keys: ['+', '='], does: 'Zoom in' },
  mapZoomOut: { scope: 'Atlas map (focused)', keys: ['-'], does: 'Zoom out' },
  mapFit: { scope: 'Atlas map (focused)', keys: ['0', 'f'], does: 'Show every composite' },
  listDown: { scope: 'Atlas list (focused)', keys: ['ArrowDown'], does: 'Next row' },
  listUp: { scope: 'Atlas list (focused)', keys: ['ArrowUp'], does: 'Previous row' },
  listPageDown: { scope: 'Atlas list (focused)', keys: ['PageDown'], does: 'A page down' },
  listPageUp: { scope: 'Atlas list (focused)', keys: ['PageUp'], does: 'A page up' },
  listFirst: { scope: 'Atlas list (focused)', keys: ['Home'], does: 'First row' },
  listLast: { scope: 'Atlas list (focused)', keys: ['End'], does: 'Last row' },
  listOpen: {
    scope: 'Atlas list (focused)',
    keys: ['Enter'],
    does: 'Open the highlighted composite',
  },
  listRename: { scope: 'Atlas list (focused)', keys: ['F2'], does: 'Edit its label' },
} as const satisfies Record<string, Shortcut>;

export type ShortcutId = keyof typeof SHORTCUTS;

/** The parts of a keyboard event a shortcut is matched on. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Whether shortcut `id` works only while a control has the focus (so its keys may repeat). */
export function needsFocus(id: ShortcutId): boolean {
  const s: Shortcut = SHORTCUTS[id];
  return s.focus !== undefined || s.scope.endsWith('(focused)');
}

/** Whether `e` triggers shortcut `id` (its key, and no Ctrl, Alt or Meta). */
export function isShortcut(id: ShortcutId, e: KeyPress): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  return (SHORTCUTS[id].keys as readonly string[]).includes(e.key);
}

/** The first of `ids` that `e` triggers, or null. */
export function whichShortcut<I extends ShortcutId>(ids: readonly I[], e: KeyPress): I | null {
  return ids.find((id) => isShortcut(id, e)) ?? null;
}

const KEY_NAMES: Record<string, string> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
  ' ': 'Space',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
};

/** How one key reads on screen: "Shift+F" for an upper-case letter, "←" for ArrowLeft. */
export function keyName(key: string): string {
  if (KEY_NAMES[key]) return KEY_NAMES[key];
  if (key.length === 1 && key >= 'A' && key <= 'Z') return `Shift+${key}`;
  return key.length === 1 ? key.toUpperCase() : key;
}

/** The keys of `id` as they read on screen, joined ("[ or ←"). */
export function keysText(id: ShortcutId): string {
  return SHORTCUTS[id].keys.map(keyName).join(' or ');
}

/** The keys of `id` in aria-keyshortcuts syntax: alternatives space-separated ("[ ArrowLeft"). */
export function ariaKeys(id: ShortcutId): string {
  return SHORTCUTS[id].keys
    .map((k) =>
      k.length === 1 && k >= 'A' && k <= 'Z'
        ? `Shift+${k}`
        : k === ' '
          ? 'Space'
          : k === '+'
            ? 'Plus'
            : k,
    )
    .join(' ');
}

/** "What it does (keys)", for a button's title. */
export function shortcutTitle(id: ShortcutId, does: string = SHORTCUTS[id].does): string {
  return `${does} (${keysText(id)})`;
}

/** One line of the shortcut list: the keys as they read on screen, and what they do. */
export interface ShortcutLine {
  id: ShortcutId;
  keys: string[];
  does: string;
}

/** The table grouped by scope, in order, for the shortcut list. */
export function shortcutGroups(): { scope: ShortcutScope; items: ShortcutLine[] }[] {
  const groups: { scope: ShortcutScope; items: ShortcutLine[] }[] = [];
  for (const id of Object.keys(SHORTCUTS) as ShortcutId[]) {
    const s: Shortcut = SHORTCUTS[id];
    let g = groups.find((x) => x.scope === s.scope);
    if (!g) {
      g = { scope: s.scope, items: [] };
      groups.push(g);
    }
    g.items.push({ id, keys: s.keys.map(keyName), does: s.does });
  }
  return groups;
}

/** True while the user types in a field (shortcuts of plain keys are then off). */
export function isTyping(target: unknown): boolean {
  const el = target as { isContentEditable?: boolean; tagName?: string } | null;
  return (
    !!el && (!!el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName ?? ''))
  );
}
