// The shortcut table: no two page-wide shortcuts that can be live together share a key (a key
// would do two things), keys read as they are typed, modifiers never match, and the list (`?`)
// holds every entry exactly once.
import { describe, expect, it } from 'vitest';
import {
  SHORTCUTS,
  ariaKeys,
  isShortcut,
  keyName,
  needsFocus,
  shortcutGroups,
  whichShortcut,
  type ShortcutId,
  type ShortcutScope,
} from './shortcuts';

const ids = Object.keys(SHORTCUTS) as ShortcutId[];
const press = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('gives every page-wide key one meaning in each view', () => {
    const views: ShortcutScope[][] = [
      ['Everywhere', 'Latent view', '3-D manifold'],
      ['Everywhere', 'Atlas'],
    ];
    for (const scopes of views) {
      const seen = new Map<string, ShortcutId>();
      for (const id of ids) {
        const s = SHORTCUTS[id];
        if (!scopes.includes(s.scope) || needsFocus(id)) continue;
        for (const k of s.keys) {
          expect(seen.get(k), `"${k}" is both ${seen.get(k)} and ${id}`).toBeUndefined();
          seen.set(k, id);
        }
      }
    }
  });

  it('matches keys without modifiers only', () => {
    expect(isShortcut('frameAll', press('F'))).toBe(true);
    expect(isShortcut('frameFiring', press('F'))).toBe(false);
    expect(isShortcut('open', press('o', { ctrlKey: true }))).toBe(false);
    expect(isShortcut('prev', press('ArrowLeft'))).toBe(true);
    expect(whichShortcut(['zoomIn', 'zoomOut'], press('-'))).toBe('zoomOut');
    expect(whichShortcut(['zoomIn', 'zoomOut'], press('q'))).toBeNull();
  });

  it('names keys as they are typed, and in aria-keyshortcuts syntax', () => {
    expect(keyName('F')).toBe('Shift+F');
    expect(keyName('f')).toBe('F');
    expect(keyName('ArrowLeft')).toBe('←');
    expect(keyName('?')).toBe('?');
    expect(ariaKeys('prev')).toBe('[ ArrowLeft');
    expect(ariaKeys('frameAll')).toBe('Shift+F');
    expect(ariaKeys('zoomIn')).toBe('Plus =');
  });

  it('lists every shortcut once, grouped by scope', () => {
    const listed = shortcutGroups().flatMap((g) => g.items.map((i) => i.id));
    expect(listed.sort()).toEqual([...ids].sort());
    const scopes = shortcutGroups().map((g) => g.scope);
    expect(new Set(scopes).size).toBe(scopes.length);
  });
});
