// The manifold pane shared by the latent and manifold-CSV views: toolbar (framing commands and
// their keys, auto-rotate, point size, which points, labels, display options, exports), the 3-D
// canvas in its slot (the app composes scene/manifold into it) or a clear message when WebGL is
// missing or fails, and the legend of the colour scale (or categories) in use. Reads and writes
// the latent view's settings in the view store (pinned, camera, size, count, manifold display).
import { Component, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { probeRow, type ProbeRow } from '../../core/ids';
import { combineSelection, type SelectMode } from '../../core/manifold/select';
import { formatCount } from '../../core/numberFormat';
import {
  BEST_VIEW_KS,
  DEFAULT_BEST_K,
  MAX_LABELS,
  MAX_REGEXES,
  SAMPLE_POWERS,
  type ManifoldColorBy,
  type ManifoldSettings,
} from '../../core/manifold/settings';
import { describeScale, scaleCss, valueAt } from '../../core/manifold/style';
import type { ManifoldData, PointText } from '../../core/manifoldPoints';
import type { DiagnoseRequest, ShapeDiagnostics } from '../../core/shape/diagnostics';
import type { CameraCommand, ManifoldCanvasProps } from '../../scene/manifold/types';
import { useAppStore } from '../../state/appStore';
import { useViewStore, type CameraPose } from '../../state/viewStore';
import { formatStat } from './format';
import type { Display } from './manifoldDisplay';
import type { ManifoldFocus } from './manifoldFocus';
import {
  SHORTCUTS,
  ariaKeys,
  isShortcut,
  isTyping,
  shortcutTitle,
  type ShortcutId,
} from '../../core/shortcuts';

/** The 3-D canvas and its image export, provided by the app. */
export interface ManifoldSlot {
  /** Whether the browser can draw WebGL at all. */
  webgl: boolean;
  render: (props: ManifoldCanvasProps) => ReactNode;
  /** Saves the current view as `${stem}-manifold.png`. */
  exportPng: (stem: string) => void;
  /** The shape panel's diagnostics, computed off the UI thread. */
  diagnose: (req: DiagnoseRequest) => Promise<ShapeDiagnostics>;
}

const POINT_COUNTS = [500, 1000, 2000, 5000, 10000, 20000, 50000];
const LABEL_COUNTS = [0, 12, 24, 48, MAX_LABELS];

/** Camera commands of the pane, with their keys (core/shortcuts). */
type CommandKind = 'activation' | 'all' | 'pinned' | 'x' | 'y' | 'z';
const COMMANDS: { kind: CommandKind; shortcut: ShortcutId; label: string }[] = [
  { kind: 'activation', shortcut: 'frameFiring', label: 'firing' },
  { kind: 'all', shortcut: 'frameAll', label: 'all' },
  { kind: 'pinned', shortcut: 'framePinned', label: 'selected' },
  { kind: 'x', shortcut: 'alongX', label: 'x' },
  { kind: 'y', shortcut: 'alongY', label: 'y' },
  { kind: 'z', shortcut: 'alongZ', label: 'z' },
];

export interface ManifoldPaneProps {
  slot: ManifoldSlot;
  data: ManifoldData | null;
  display: Display | null;
  stale: boolean;
  /** Shown instead of the canvas (e.g. "no probe set"); null = draw. */
  message: ReactNode;
  /**
   * What the pane is waiting for (the composite's detail being computed), shown over the canvas
   * with a running bar; null when nothing is pending.
   */
  progress?: string | null;
  axisLabels: [string, string, string];
  /** Legend line per axis (e.g. "x = u₁, λ = +0.42"). */
  axisLegend: string[];
  /** What the points' value is called ("h", "value"). */
  valueLabel: string;
  describe: (row: ProbeRow, index: number) => PointText;
  /** How many points the source has (shows the count and sampling pickers when set). */
  pointCountMax: number | null;
  /** Colour options the source supports. */
  colorOptions: { position: boolean; composites: number | null };
  /** Whether the points can be re-projected (a composite's best view). */
  reprojectable: boolean;
  /** File stem for exports; null hides them. */
  exportStem: string | null;
  onExportPoints: (() => void) | null;
  /** A camera command from outside the pane (a row clicked in a list). */
  command: CameraCommand | null;
  /** The row to mark (hovered in a list), and the point hovered in the canvas. */
  highlight: ProbeRow | null;
  onHoverRow: (row: ProbeRow | null) => void;
  /** The search's matches and the selection, resolved on the points shown. */
  focus: ManifoldFocus;
  label: string;
}

export function ManifoldPane(props: ManifoldPaneProps) {
  const { pointSize, pointCount, autoRotate, camera, pinned, manifold, query, selection, patch } =
    useViewStore(
      useShallow((s) => ({
        pointSize: s.pointSize,
        pointCount: s.pointCount,
        autoRotate: s.autoRotate,
        camera: s.camera,
        pinned: s.pinned,
        manifold: s.manifold,
        query: s.manifoldQuery,
        selection: s.manifoldSelection,
        patch: s.patch,
      })),
    );
  const { focus } = props;
  const onLasso = useCallback(
    (rows: ProbeRow[], mode: SelectMode) =>
      patch({
        manifoldSelection: combineSelection(
          useViewStore.getState().manifoldSelection,
          rows,
          mode,
        ).map(probeRow),
      }),
    [patch],
  );
  const { slot, data, display } = props;
  const [optionsOpen, setOptionsOpen] = useState(false);
  const [ownCommand, setOwnCommand] = useState<CameraCommand | null>(null);
  const seq = useRef(0);
  const onCamera = useCallback((pose: CameraPose) => patch({ camera: pose }), [patch]);
  const onTogglePin = useCallback(
    (row: ProbeRow) => {
      const cur = useViewStore.getState().pinned;
      patch({ pinned: cur.includes(row) ? cur.filter((r) => r !== row) : [...cur, row] });
    },
    [patch],
  );
  const setManifold = useCallback(
    (p: Partial<ManifoldSettings>) =>
      patch({ manifold: { ...useViewStore.getState().manifold, ...p } }),
    [patch],
  );
  const background = useCallback(() => {
    const stage = document.querySelector('.manifold-stage');
    return stage ? getComputedStyle(stage).backgroundColor : '#ffffff';
  }, []);

  const run = useCallback(
    (kind: CommandKind) => {
      if (!data) return;
      seq.current += 1;
      const s = seq.current;
      if (kind === 'activation' || kind === 'all') setOwnCommand({ seq: s, kind });
      else if (kind === 'pinned') {
        const v = useViewStore.getState();
        const rows = new Set<number>(v.manifoldSelection.length ? v.manifoldSelection : v.pinned);
        const indices: number[] = [];
        for (let i = 0; i < data.count; i++) if (rows.has(data.rows[i] ?? -1)) indices.push(i);
        if (indices.length) setOwnCommand({ seq: s, kind: 'points', indices });
      } else
        setOwnCommand({ seq: s, kind: 'along', axis: kind === 'x' ? 0 : kind === 'y' ? 1 : 2 });
    },
    [data],
  );
  // Keys while the pane is shown (not while typing, not with a dialog open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      if (useAppStore.getState().dialogOpen || document.querySelector('[role="dialog"]')) return;
      if (isShortcut('resetCamera', e)) {
        e.preventDefault();
        patch({ camera: null });
        return;
      }
      const c = COMMANDS.find((c) => isShortcut(c.shortcut, e));
      if (!c) return;
      e.preventDefault();
      run(c.kind);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, patch]);
  // Escape clears the selection first (before the view's Escape goes back to the atlas).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (useAppStore.getState().dialogOpen || document.querySelector('[role="dialog"]')) return;
      if (useViewStore.getState().manifoldSelection.length === 0) return;
      e.preventDefault();
      patch({ manifoldSelection: [] });
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [patch]);
  const frameMatches = () => {
    const m = focus.matches;
    if (!m || m.length === 0) return;
    seq.current += 1;
    setOwnCommand({ seq: seq.current, kind: 'points', indices: Array.from(m) });
  };
  // The latest command wins, whether from the toolbar or from a list.
  const outside = props.command;
  const command = outside && (!ownCommand || outside.seq > ownCommand.seq) ? outside : ownCommand;

  const stem = props.exportStem;
  const countMax = props.pointCountMax;
  return (
    <div className="manifold-pane" data-testid="manifold-pane">
      <div className="manifold-search">
        <input
          type="search"
          value={query}
          placeholder="Search tokens and contexts, or /regex/"
          spellCheck={false}
          onChange={(e) => patch({ manifoldQuery: e.target.value })}
          onKeyDown={(e) => {
            if (isShortcut('manifoldSearchFrame', e)) {
              e.preventDefault();
              frameMatches();
            } else if (isShortcut('manifoldSearchClear', e) && query) {
              e.preventDefault();
              patch({ manifoldQuery: '' });
            }
          }}
          aria-label="Search the points' tokens and contexts (Enter frames the matches)"
          data-testid="manifold-search"
        />
        <span className="muted" data-testid="manifold-match-count" aria-live="polite">
          {focus.query.kind === 'invalid'
            ? `not a valid regex: ${focus.query.problem}`
            : focus.matches && data
              ? `${formatCount(focus.matches.length)} of ${formatCount(data.count)} match`
              : ''}
        </span>
        {selection.length > 0 && (
          <span className="selection-chip" data-testid="selection-count">
            {formatCount(focus.selected.length)} selected
            <button
              type="button"
              className="link"
              onClick={() => patch({ manifoldSelection: [] })}
              aria-label="Clear the selection (Esc)"
              title="Clear the selection (Esc)"
            >
              ✕
            </button>
          </span>
        )}
        <span className="muted hint">shift-drag: select · +alt: unselect</span>
      </div>
      <div className="manifold-toolbar" role="toolbar" aria-label="Manifold controls">
        <button
          type="button"
          onClick={() => patch({ camera: null })}
          title={shortcutTitle('resetCamera')}
          aria-keyshortcuts={ariaKeys('resetCamera')}
          data-testid="reset-camera"
        >
          Reset camera
        </button>
        {[
          { name: 'Frame', commands: COMMANDS.slice(1, 3) },
          { name: 'View along', commands: COMMANDS.slice(3) },
        ].map((group) => (
          <span key={group.name} className="tool" role="group" aria-label={group.name}>
            <span className="muted">{group.name}</span>
            {group.commands.map((c) => (
              <button
                key={c.kind}
                type="button"
                className="compact"
                onClick={() => run(c.kind)}
                title={shortcutTitle(c.shortcut)}
                aria-label={SHORTCUTS[c.shortcut].does}
                aria-keyshortcuts={ariaKeys(c.shortcut)}
                data-testid={`frame-${c.kind}`}
                disabled={
                  !data || (c.kind === 'pinned' && pinned.length === 0 && selection.length === 0)
                }
              >
                {c.label}
              </button>
            ))}
          </span>
        ))}
        <button
          type="button"
          className="compact"
          aria-pressed={autoRotate}
          aria-label="Auto-rotate"
          onClick={() => patch({ autoRotate: !autoRotate })}
          title="Auto-rotate: turn the view slowly around its centre"
        >
          ⟳
        </button>
        {countMax !== null && (
          <label className="tool">
            Points
            <select
              value={Math.min(pointCount, countMax)}
              onChange={(e) => patch({ pointCount: Number(e.target.value) })}
              aria-label={
                manifold.sampling.kind === 'top'
                  ? 'Points shown (those that fire the composite most)'
                  : 'Points shown (a sample weighted by |h|^p)'
              }
              data-testid="point-count"
            >
              {pointCountChoices(pointCount, countMax).map((n) => (
                <option key={n} value={n}>
                  {n >= countMax
                    ? `all ${countMax.toLocaleString()}`
                    : `${manifold.sampling.kind === 'top' ? 'top' : 'sample'} ${n.toLocaleString()}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <label
          className="tool"
          title="How many of the strongest points carry their token as a label"
        >
          Labels
          <select
            value={manifold.labels}
            onChange={(e) => setManifold({ labels: Number(e.target.value) })}
            aria-label="Labelled points"
            data-testid="label-count"
          >
            {[...new Set([...LABEL_COUNTS, manifold.labels])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? 'off' : n}
                </option>
              ))}
          </select>
        </label>
        <button
          type="button"
          aria-expanded={optionsOpen}
          aria-controls="manifold-options"
          onClick={() => setOptionsOpen(!optionsOpen)}
          data-testid="display-options"
        >
          Display ▾
        </button>
        {stem && (
          <span className="tool exports">
            Export
            <button
              type="button"
              className="link"
              onClick={() => slot.exportPng(stem)}
              disabled={!data}
              data-testid="export-png"
            >
              PNG
            </button>
            {props.onExportPoints && (
              <button
                type="button"
                className="link"
                onClick={props.onExportPoints}
                disabled={!data}
                data-testid="export-points"
              >
                points CSV
              </button>
            )}
          </span>
        )}
      </div>
      {optionsOpen && (
        <DisplayOptions
          settings={manifold}
          onChange={setManifold}
          pointSize={pointSize}
          onPointSize={(px) => patch({ pointSize: px })}
          display={display}
          count={data?.count ?? 0}
          sampling={countMax !== null}
          colorOptions={props.colorOptions}
          reprojectable={props.reprojectable}
          valueLabel={props.valueLabel}
        />
      )}
      <div className="manifold-body">
        {props.progress && !props.message && (
          <div className="manifold-progress" role="status" data-testid="manifold-progress">
            <span>{props.progress}</span>
            <span className="manifold-progress-bar" aria-hidden="true" />
          </div>
        )}
        {!slot.webgl ? (
          <NoWebGL />
        ) : props.message ? (
          <div className="empty" data-testid="manifold-message">
            {props.message}
          </div>
        ) : (
          <SceneBoundary>
            {slot.render({
              data,
              style: display?.style ?? null,
              stale: props.stale,
              pointSizePx: pointSize,
              autoRotate,
              labels: display?.labels ?? [],
              camera,
              command,
              highlight: props.highlight,
              axisLabels: props.axisLabels,
              describe: props.describe,
              onTogglePin,
              onHoverRow: props.onHoverRow,
              onLasso,
              onCamera,
              background,
              label: props.label,
            })}
          </SceneBoundary>
        )}
      </div>
      <div className="manifold-legend" data-testid="manifold-legend">
        {display && <LegendOf display={display} valueLabel={props.valueLabel} />}
        {props.axisLegend.map((t) => (
          <span key={t} className="legend-axis">
            {t}
          </span>
        ))}
        {data && (
          <span className="muted" data-testid="point-total">
            {data.count.toLocaleString()} points
          </span>
        )}
      </div>
    </div>
  );
}

/** The legend of the colours in use: the scale with its range and ticks, or the categories. */
function LegendOf({ display, valueLabel }: { display: Display; valueLabel: string }) {
  const legend = display.legend;
  if (legend.kind === 'categories') {
    return (
      <span className="legend-categories" data-testid="legend-categories">
        <span className="muted">colour = {legend.what}</span>
        {legend.items.map((item) => (
          <span key={item.text} className="legend-category" title={`${item.count} points`}>
            <span className="swatch" style={{ background: item.css }} />
            {item.text}
          </span>
        ))}
      </span>
    );
  }
  const s = legend.scale;
  const stops = scaleCss(s);
  const ends =
    s.kind === 'diverging'
      ? [s.lo, s.hi]
      : s.sign > 0
        ? [valueAt(s, 0), s.hi]
        : [s.lo, valueAt(s, 0)];
  const what = legend.what === 'value' ? valueLabel : legend.what;
  return (
    <span
      className="legend-scale"
      data-testid="legend-scale"
      data-scale={s.kind}
      data-transform={s.transform}
      title={
        s.kind === 'diverging'
          ? 'Diverging scale centred at 0: blue below, red above'
          : `Sequential scale: every value shown is ${s.sign > 0 ? '≥ 0' : '≤ 0'}`
      }
    >
      <span>{formatStat(ends[0])}</span>
      <span
        className="legend-bar"
        style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }}
      />
      <span>{formatStat(ends[1])}</span>
      {s.transform !== 'linear' && <span className="muted">mid {formatStat(valueAt(s, 0.5))}</span>}
      <span className="muted">
        colour = {what} · {describeScale(s)}
      </span>
    </span>
  );
}

/** The display options: which points, emphasis, threshold, colour. */
function DisplayOptions({
  settings,
  onChange,
  pointSize,
  onPointSize,
  display,
  count,
  sampling,
  colorOptions,
  reprojectable,
  valueLabel,
}: {
  settings: ManifoldSettings;
  onChange: (p: Partial<ManifoldSettings>) => void;
  pointSize: number;
  onPointSize: (px: number) => void;
  display: Display | null;
  count: number;
  sampling: boolean;
  colorOptions: ManifoldPaneProps['colorOptions'];
  reprojectable: boolean;
  valueLabel: string;
}) {
  const proj = settings.projection;
  const by = settings.colorBy;
  const setColor = (c: ManifoldColorBy) => onChange({ colorBy: c });
  const t = settings.threshold;
  return (
    <div
      id="manifold-options"
      className="manifold-options"
      role="group"
      aria-label="Display options"
    >
      <label className="tool">
        Size
        <input
          type="range"
          min={1}
          max={14}
          step={1}
          value={pointSize}
          onChange={(e) => onPointSize(Number(e.target.value))}
          aria-label="Point size in pixels"
        />
      </label>
      {sampling && (
        <label
          className="tool"
          title="Which rows are drawn: the strongest, or a seeded sample weighted by |h|^p that also shows the manifold's body"
        >
          Points
          <select
            value={settings.sampling.kind === 'top' ? 'top' : `w${settings.sampling.power}`}
            onChange={(e) => {
              const v = e.target.value;
              onChange({
                sampling:
                  v === 'top' ? { kind: 'top' } : { kind: 'weighted', power: Number(v.slice(1)) },
              });
            }}
            aria-label="Which points are drawn"
            data-testid="sampling"
          >
            <option value="top">top by |{valueLabel}|</option>
            {SAMPLE_POWERS.map((p) => (
              <option key={p} value={`w${p}`}>
                sample ∝ |{valueLabel}|{p === 1 ? '' : superscript(p)}
              </option>
            ))}
          </select>
        </label>
      )}
      {reprojectable && (
        <span
          className="tool"
          title="Eigenvectors: the axes chosen in the spectrum. Best view: the weighted (|h|) PCA of the shown or selected points in the span of the top-k eigenvectors — the three directions along which they spread most."
        >
          Projection
          <select
            value={proj.kind}
            onChange={(e) =>
              onChange({
                projection:
                  e.target.value === 'best'
                    ? { kind: 'best', k: DEFAULT_BEST_K, of: 'shown' }
                    : { kind: 'eigen' },
              })
            }
            aria-label="Projection"
            data-testid="projection"
          >
            <option value="eigen">eigenvectors</option>
            <option value="best">best view</option>
          </select>
          {proj.kind === 'best' && (
            <>
              <select
                value={proj.k}
                onChange={(e) => onChange({ projection: { ...proj, k: Number(e.target.value) } })}
                aria-label="Eigenvectors spanned by the best view"
              >
                {BEST_VIEW_KS.map((k) => (
                  <option key={k} value={k}>
                    of u₁…u{k}
                  </option>
                ))}
              </select>
              <select
                value={proj.of}
                onChange={(e) =>
                  onChange({ projection: { ...proj, of: e.target.value as 'shown' | 'selected' } })
                }
                aria-label="Points the best view is fitted to"
              >
                <option value="shown">fit to the shown points</option>
                <option value="selected">fit to the search matches / selection</option>
              </select>
            </>
          )}
        </span>
      )}
      <label className="tool" title="Point size and/or opacity follow |value|">
        Emphasis
        <select
          value={settings.emphasis}
          onChange={(e) => onChange({ emphasis: e.target.value as ManifoldSettings['emphasis'] })}
          aria-label="Emphasis by |value|"
          data-testid="emphasis"
        >
          <option value="off">off</option>
          <option value="size">size</option>
          <option value="opacity">opacity</option>
          <option value="both">size + opacity</option>
        </select>
      </label>
      <span className="tool" title="Points whose |value| is below the threshold fade or hide">
        Below
        <select
          value={t.mode}
          onChange={(e) =>
            onChange({ threshold: { mode: e.target.value as 'value' | 'quantile', value: 0 } })
          }
          aria-label="Threshold by value or by quantile"
        >
          <option value="quantile">quantile</option>
          <option value="value">|{valueLabel}|</option>
        </select>
        <input
          type="range"
          min={0}
          max={
            t.mode === 'quantile'
              ? 0.99
              : display
                ? Math.max(Math.abs(legendMax(display)), 1e-9)
                : 1
          }
          step={t.mode === 'quantile' ? 0.01 : 'any'}
          value={t.value}
          onChange={(e) => onChange({ threshold: { mode: t.mode, value: Number(e.target.value) } })}
          aria-label="Threshold"
          data-testid="threshold"
        />
        <select
          value={settings.below}
          onChange={(e) => onChange({ below: e.target.value as 'fade' | 'hide' })}
          aria-label="Points below the threshold"
        >
          <option value="fade">fade</option>
          <option value="hide">hide</option>
        </select>
        <span className="muted" data-testid="threshold-count">
          {display
            ? `${display.kept.toLocaleString()} of ${count.toLocaleString()} shown in full`
            : ''}
        </span>
      </span>
      <label className="tool">
        Colour
        <select
          value={by.kind}
          onChange={(e) => {
            const kind = e.target.value as ManifoldColorBy['kind'];
            if (kind === 'regex')
              setColor({ kind, patterns: by.kind === 'regex' ? by.patterns : [''] });
            else if (kind === 'composite')
              setColor({ kind, composite: by.kind === 'composite' ? by.composite : 0 });
            else setColor({ kind } as ManifoldColorBy);
          }}
          aria-label="Colour points by"
          data-testid="manifold-color-by"
        >
          <option value="value">value ({valueLabel})</option>
          <option value="token">token</option>
          <option value="regex">token matches (regex)</option>
          {colorOptions.position && <option value="position">position in context</option>}
          {colorOptions.composites !== null && <option value="composite">another composite</option>}
        </select>
      </label>
      {by.kind === 'composite' && colorOptions.composites !== null && (
        <label className="tool">
          #
          <input
            type="number"
            min={0}
            max={colorOptions.composites - 1}
            value={by.composite}
            onChange={(e) => {
              const k = Math.trunc(Number(e.target.value));
              if (k >= 0 && k < (colorOptions.composites ?? 0))
                setColor({ kind: 'composite', composite: k });
            }}
            aria-label="Composite whose value colours the points"
          />
        </label>
      )}
      {(by.kind === 'value' || by.kind === 'composite') && (
        <label
          className="tool"
          title="Linear, log (for skewed values) or quantile (equal counts per colour); auto picks log when most values are small"
        >
          Scale
          <select
            value={settings.scale}
            onChange={(e) => onChange({ scale: e.target.value as ManifoldSettings['scale'] })}
            aria-label="Colour scale"
            data-testid="color-scale"
          >
            <option value="auto">auto</option>
            <option value="linear">linear</option>
            <option value="log">log</option>
            <option value="quantile">quantile</option>
          </select>
        </label>
      )}
      {by.kind === 'regex' && (
        <span className="tool regexes">
          {by.patterns.map((p, i) => (
            <input
              key={i}
              type="text"
              value={p}
              placeholder={`pattern ${i + 1}`}
              spellCheck={false}
              onChange={(e) =>
                setColor({
                  kind: 'regex',
                  patterns: by.patterns.map((q, j) => (j === i ? e.target.value : q)),
                })
              }
              aria-label={`Regex ${i + 1} (case-insensitive)`}
              data-testid={`regex-${i}`}
            />
          ))}
          {by.patterns.length < MAX_REGEXES && (
            <button
              type="button"
              onClick={() => setColor({ kind: 'regex', patterns: [...by.patterns, ''] })}
            >
              + pattern
            </button>
          )}
          {display?.problems.map((p) => (
            <span key={p} className="error-text" role="alert">
              {p}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}

function legendMax(display: Display): number {
  const l = display.legend;
  return l.kind === 'scale' ? Math.max(Math.abs(l.scale.lo), Math.abs(l.scale.hi)) : 1;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)] ?? d);
}

/** The point counts offered: the presets below the total, the current one, and "all". */
function pointCountChoices(current: number, total: number): number[] {
  const below = POINT_COUNTS.filter((n) => n < total);
  return [...new Set([...below, Math.min(current, total), total])].sort((a, b) => a - b);
}

function NoWebGL() {
  return (
    <div className="empty" role="alert" data-testid="no-webgl">
      <strong>
        The 3-D manifold needs WebGL, which this browser has turned off or does not offer.
      </strong>
      <br />
      Enable hardware acceleration (or WebGL) in the browser&apos;s settings, or try another
      browser. The statistics, spectrum and activations still work.
    </div>
  );
}

/** Turns a failure inside the 3-D canvas (e.g. a lost or refused WebGL context) into a message. */
export class SceneBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="empty" role="alert" data-testid="no-webgl">
        <strong>The 3-D view failed: {this.state.error}</strong>
        <br />
        WebGL may be unavailable or was lost. Reload the page to try again; the rest of the view
        still works.
      </div>
    );
  }
}
