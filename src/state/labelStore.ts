// The only owner of user-edited composite labels: per model (keyed by the analysis key), kept in
// localStorage, exported and imported as JSON. Automatic labels (core/labels) fill the gaps; the
// atlas, its list and the latent view read `labelOf` and edit through `setLabel`.
import { create } from 'zustand';

/** The export format: {format, model, labels: {id: text}}. */
export interface LabelFile {
  format: 'bae-labels';
  version: 1;
  model: string;
  labels: Record<string, string>;
}

interface LabelState {
  /** Analysis key the labels belong to. */
  modelKey: string | null;
  /** User labels by composite id. */
  user: Record<number, string>;
  /** Automatic labels by composite id (from the probe set). */
  auto: string[];
  load: (modelKey: string, auto: string[]) => void;
  setLabel: (id: number, text: string) => void;
  /** Replaces the user labels from a parsed, validated file. */
  importLabels: (labels: Record<number, string>) => void;
}

const MAX_LABEL = 200;
const storageKey = (modelKey: string) => `bae.labels.${modelKey}`;

function readSaved(modelKey: string): Record<number, string> {
  try {
    const raw = localStorage.getItem(storageKey(modelKey));
    if (!raw) return {};
    return sanitise(JSON.parse(raw) as unknown) ?? {};
  } catch {
    return {};
  }
}

/**
 * Validates a label map from untrusted JSON: canonical decimal ids ("0", "17") → strings
 * (clipped); null if it is not one.
 */
export function sanitise(raw: unknown): Record<number, string> | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    // Canonical decimal ids only: Number() would also read "0x10" as 16, "1e3" as 1000, " 7" as 7.
    if (!/^(0|[1-9]\d{0,14})$/.test(k) || typeof v !== 'string') return null;
    const id = Number(k);
    const text = v.trim().slice(0, MAX_LABEL);
    if (text) out[id] = text;
  }
  return out;
}

function persist(modelKey: string | null, user: Record<number, string>): void {
  if (!modelKey) return;
  try {
    localStorage.setItem(storageKey(modelKey), JSON.stringify(user));
  } catch {
    // Storage full or disabled: labels stay for this visit.
  }
}

export const useLabelStore = create<LabelState>()((set, get) => ({
  modelKey: null,
  user: {},
  auto: [],
  load: (modelKey, auto) => set({ modelKey, auto, user: readSaved(modelKey) }),
  setLabel: (id, text) => {
    const user = { ...get().user };
    const clean = text.trim().slice(0, MAX_LABEL);
    if (clean) user[id] = clean;
    else delete user[id];
    persist(get().modelKey, user);
    set({ user });
  },
  importLabels: (labels) => {
    persist(get().modelKey, labels);
    set({ user: labels });
  },
}));

/** A composite's label and whether it is automatic. */
export function labelOf(
  s: Pick<LabelState, 'user' | 'auto'>,
  id: number,
): { text: string; automatic: boolean } {
  const mine = s.user[id];
  if (mine !== undefined) return { text: mine, automatic: false };
  return { text: s.auto[id] ?? '', automatic: true };
}
