// The engine menu in the top bar: which backend runs and why, the user's choice of backend,
// the analysis's route and timing, re-running it and clearing the results cache.
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NO_WEIGHTS } from '../core/explorer/analysis';
import { useAppStore } from '../state/appStore';
import { ROUTE_DESCRIPTIONS } from '../core/analysis';
import { statusAttr } from '../core/job';
import type { BackendPreference } from '../core/engineTypes';
import type { BundlePrecision } from '../core/bundle';
import { useAtlasStore } from '../state/atlasStore';
import { useEngineStore } from '../state/engineStore';

export interface EngineMenuProps {
  onPreference: (p: BackendPreference) => void;
  onRerun: () => void;
  onClearCache: () => void;
  /** Writes the analysis on screen as an analysis bundle file. */
  onExport: (precision: BundlePrecision) => void;
  /** Writes the analysis on screen in the paper explorer's static layout (one ZIP). */
  onExportExplorer: () => void;
}

const PRECISIONS: { value: BundlePrecision; label: string }[] = [
  { value: 'compact', label: 'compact (firing values as F16)' },
  { value: 'full', label: 'full (F32)' },
];

const CHOICES: { value: BackendPreference; label: string; hint: string }[] = [
  { value: 'auto', label: 'Auto', hint: 'WebGPU on a hardware GPU, else WASM' },
  { value: 'webgpu', label: 'WebGPU', hint: 'even on a software adapter (slow)' },
  { value: 'wasm', label: 'WASM', hint: 'CPU, multi-threaded when the page is isolated' },
];

export function EngineMenu({
  onPreference,
  onRerun,
  onClearCache,
  onExport,
  onExportExplorer,
}: EngineMenuProps) {
  const { preference, backend, fallbackReason, status, analysis, fromCache, restoredFrom } =
    useEngineStore(
      useShallow((s) => ({
        preference: s.preference,
        backend: s.backend,
        fallbackReason: s.fallbackReason,
        status: s.status,
        analysis: s.analysis,
        fromCache: s.fromCache,
        restoredFrom: s.restoredFrom,
      })),
    );
  const mapReady = useAtlasStore((s) => s.status.state === 'done');
  const hasProbes = useAppStore((s) => !!s.open?.probes);
  // A folder in the paper explorer's layout has no weights: nothing here can run on it.
  const weightless = useAppStore((s) => !!s.open?.explorer);
  const [precision, setPrecision] = useState<BundlePrecision>('compact');
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const label = backend ? backend.label : 'engine starting…';
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="badge-button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        title={backend ? `Compute engine: ${backend.reason}` : 'Compute engine'}
        data-testid="engine-button"
      >
        <span className={`dot ${statusAttr(status)}`} aria-hidden="true" />
        {label}
      </button>
      {open && (
        <div
          className="menu-panel"
          role="dialog"
          aria-label="Compute engine"
          data-testid="engine-panel"
        >
          <h3>Compute engine</h3>
          <p className="hint" data-testid="engine-reason">
            {backend ? backend.reason : 'Not started yet.'}
          </p>
          {fallbackReason && <p className="hint warn">{fallbackReason}</p>}
          <fieldset>
            <legend>Backend</legend>
            {CHOICES.map((c) => (
              <label key={c.value} className="choice">
                <input
                  type="radio"
                  name="backend"
                  value={c.value}
                  checked={preference === c.value}
                  onChange={() => onPreference(c.value)}
                />
                <span>
                  {c.label} <span className="hint">— {c.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {analysis && (
            <div className="hint" data-testid="engine-summary">
              <div>
                Route: <strong>{analysis.route}</strong> — {ROUTE_DESCRIPTIONS[analysis.route]}
              </div>
              <div data-testid="engine-origin">
                {restoredFrom
                  ? `Restored from the analysis bundle ${restoredFrom.fileName.split('/').pop() ?? ''} (made by ${restoredFrom.by === 'app' ? 'the app' : restoredFrom.by === 'merge' ? 'merging shards' : 'the headless tool'}, ${restoredFrom.at.slice(0, 10)}; computed in ${(analysis.totalMs / 1000).toFixed(2)} s on ${analysis.backend}). Nothing was computed here.`
                  : fromCache
                    ? 'Loaded from the results cache.'
                    : `Computed in ${(analysis.totalMs / 1000).toFixed(2)} s on ${analysis.backend}.`}
              </div>
              {analysis.notes.map((n) => (
                <div key={n}>{n}</div>
              ))}
            </div>
          )}
          <div className="row">
            <button
              type="button"
              onClick={onRerun}
              disabled={weightless || status.state === 'running'}
              title={weightless ? NO_WEIGHTS : undefined}
            >
              Re-run analysis
            </button>
            <button type="button" onClick={onClearCache}>
              Clear cache
            </button>
          </div>
          {weightless && (
            <p className="hint" data-testid="engine-no-weights">
              {NO_WEIGHTS}: re-running the analysis, switching the backend and exporting an analysis
              bundle need the model’s weights.
            </p>
          )}
          <fieldset className="export-bundle">
            <legend>Analysis bundle</legend>
            <p className="hint">
              One file with everything the views show, for this model and probe set: open it with
              the model (or put it in the model's folder as analysis.safetensors) and nothing is
              computed.
            </p>
            <label className="choice">
              Precision{' '}
              <select
                value={precision}
                onChange={(e) => setPrecision(e.target.value as BundlePrecision)}
                data-testid="export-precision"
              >
                {PRECISIONS.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              onClick={() => onExport(precision)}
              disabled={weightless || !analysis || !mapReady || status.state === 'running'}
              title={weightless ? NO_WEIGHTS : undefined}
              data-testid="export-analysis"
            >
              Export analysis
            </button>
          </fieldset>
          <fieldset className="export-bundle">
            <legend>Static explorer</legend>
            <p className="hint">
              A ZIP of a folder in the layout of the paper’s published explorer (index, statistics,
              atlas map, labels, and per latent its spectrum, histogram, neighbours and up to 2,000
              points with their contexts): host it, or open it here, like the paper’s.
              {!hasProbes && !weightless && ' It needs a probe set.'}
            </p>
            <button
              type="button"
              onClick={onExportExplorer}
              disabled={
                weightless || !hasProbes || !analysis || !mapReady || status.state === 'running'
              }
              title={weightless ? 'The data you opened is already in this layout' : undefined}
              data-testid="export-explorer"
            >
              Export as static explorer
            </button>
          </fieldset>
        </div>
      )}
    </div>
  );
}
