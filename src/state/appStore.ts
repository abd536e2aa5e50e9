// The app-wide store (zustand): the open model and probe set, the status area's running jobs,
// user-facing notices, the theme and the Open dialog. The only owner of "what is open"; loaders in src/app
// write it, UI components read narrow slices of it.
import { create } from 'zustand';
import type { ExplorerMeta } from '../core/explorer/read';
import type { BaeModel } from '../core/model';
import type { ProbeSet } from '../core/probes';
import type { BundledModelInfo, ModelSource } from '../core/sources';

export interface OpenModel {
  model: BaeModel;
  probes: ProbeSet | null;
  source: ModelSource;
  /** When the model was opened (ms since epoch); distinguishes two opens of the same files. */
  openedAtMs: number;
  /**
   * Set when the open "model" is a folder in the paper explorer's layout: `model` then has no
   * weights (core/explorer/analysis weightlessModel) and every view that needs them says so.
   */
  explorer?: ExplorerMeta;
}

export interface Job {
  id: number;
  label: string;
  phase: string;
  /** 0..1, or null when the size is unknown. */
  fraction: number | null;
  /** Time left from the rate measured so far (null until known). */
  etaMs: number | null;
  startedAtMs: number;
  cancel: (() => void) | null;
}

export interface Notice {
  id: number;
  level: 'error' | 'info';
  title: string;
  detail: string;
}

export type Theme = 'light' | 'dark';

interface AppState {
  open: OpenModel | null;
  bundled: BundledModelInfo[];
  jobs: Job[];
  notices: Notice[];
  theme: Theme;
  dialogOpen: boolean;

  setOpen: (open: OpenModel) => void;
  setBundled: (list: BundledModelInfo[]) => void;
  startJob: (label: string, cancel?: () => void) => number;
  updateJob: (id: number, phase: string, fraction: number | null, etaMs?: number | null) => void;
  endJob: (id: number) => void;
  notify: (level: Notice['level'], title: string, detail: string) => void;
  dismiss: (id: number) => void;
  setTheme: (theme: Theme) => void;
  setDialogOpen: (open: boolean) => void;
}

let nextId = 1;
const MAX_NOTICES = 5;

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('bae.theme');
    if (saved === 'light' || saved === 'dark') return saved;
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

export const useAppStore = create<AppState>()((set) => ({
  open: null,
  bundled: [],
  jobs: [],
  notices: [],
  theme: typeof window === 'undefined' ? 'light' : initialTheme(),
  dialogOpen: false,

  setOpen: (open) => set({ open }),
  setBundled: (bundled) => set({ bundled }),
  startJob: (label, cancel) => {
    const id = nextId++;
    set((s) => ({
      jobs: [
        ...s.jobs,
        {
          id,
          label,
          phase: 'Starting',
          fraction: null,
          etaMs: null,
          startedAtMs: performance.now(),
          cancel: cancel ?? null,
        },
      ],
    }));
    return id;
  },
  updateJob: (id, phase, fraction, etaMs = null) =>
    set((s) => ({
      jobs: s.jobs.map((j) => (j.id === id ? { ...j, phase, fraction, etaMs } : j)),
    })),
  endJob: (id) => set((s) => ({ jobs: s.jobs.filter((j) => j.id !== id) })),
  notify: (level, title, detail) =>
    set((s) => ({
      notices: [...s.notices, { id: nextId++, level, title, detail }].slice(-MAX_NOTICES),
    })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setTheme: (theme) => {
    try {
      localStorage.setItem('bae.theme', theme);
    } catch {
      // Storage may be disabled (private mode); the theme still applies for this visit.
    }
    set({ theme });
  },
  setDialogOpen: (dialogOpen) => set({ dialogOpen }),
}));
