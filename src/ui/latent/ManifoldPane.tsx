// The manifold pane shared by the latent and manifold-CSV views: toolbar (auto-rotate, reset
// camera, point size and count, exports), the 3-D canvas in its slot (the app composes
// scene/manifold into it) or a clear message when WebGL is missing or fails, and the
// colour/axis legend. Reads and writes the latent view's settings in the view store (pinned,
// camera, size, count, auto-rotate).
import { Component, useCallback, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { divergingCss } from '../../core/colorScale';
import type { ProbeRow } from '../../core/ids';
import type { ManifoldData, PointText } from '../../core/manifoldPoints';
import type { ManifoldCanvasProps } from '../../scene/manifold/types';
import { useViewStore, type CameraPose } from '../../state/viewStore';
import { formatStat } from './format';

/** The 3-D canvas and its image export, provided by the app. */
export interface ManifoldSlot {
  /** Whether the browser can draw WebGL at all. */
  webgl: boolean;
  render: (props: ManifoldCanvasProps) => ReactNode;
  /** Saves the current view as `${stem}-manifold.png`. */
  exportPng: (stem: string) => void;
}

const POINT_COUNTS = [500, 1000, 2000, 5000, 10000, 20000, 50000];

export interface ManifoldPaneProps {
  slot: ManifoldSlot;
  data: ManifoldData | null;
  stale: boolean;
  /** Shown instead of the canvas (e.g. "no probe set"); null = draw. */
  message: string | null;
  axisLabels: [string, string, string];
  /** Legend line per axis (e.g. "x = u₁, λ = +0.42"). */
  axisLegend: string[];
  valueLabel: string;
  describe: (row: number, index: number) => PointText;
  pinText: (row: number, index: number) => string;
  /** How many points the source has (shows the count picker when set). */
  pointCountMax: number | null;
  /** File stem for exports; null hides them. */
  exportStem: string | null;
  onExportPoints: (() => void) | null;
  label: string;
}

export function ManifoldPane(props: ManifoldPaneProps) {
  const { pointSize, pointCount, autoRotate, camera, pinned, patch } = useViewStore(
    useShallow((s) => ({
      pointSize: s.pointSize,
      pointCount: s.pointCount,
      autoRotate: s.autoRotate,
      camera: s.camera,
      pinned: s.pinned,
      patch: s.patch,
    })),
  );
  const { slot } = props;
  const onCamera = useCallback((pose: CameraPose) => patch({ camera: pose }), [patch]);
  const onTogglePin = useCallback(
    (row: ProbeRow) => {
      const cur = useViewStore.getState().pinned;
      patch({ pinned: cur.includes(row) ? cur.filter((r) => r !== row) : [...cur, row] });
    },
    [patch],
  );
  const background = useCallback(() => {
    const stage = document.querySelector('.manifold-stage');
    return stage ? getComputedStyle(stage).backgroundColor : '#ffffff';
  }, []);
  const stem = props.exportStem;

  const max = props.data ? props.data.colorMaxAbs : 0;
  const countMax = props.pointCountMax;
  return (
    <div className="manifold-pane" data-testid="manifold-pane">
      <div className="manifold-toolbar" role="toolbar" aria-label="Manifold controls">
        <button
          type="button"
          aria-pressed={autoRotate}
          onClick={() => patch({ autoRotate: !autoRotate })}
          title="Turn the view slowly around its centre"
        >
          ⟳ Auto-rotate
        </button>
        <button
          type="button"
          onClick={() => patch({ camera: null })}
          title="Frame all points again"
          data-testid="reset-camera"
        >
          Reset camera
        </button>
        <label className="tool">
          Size
          <input
            type="range"
            min={1}
            max={14}
            step={1}
            value={pointSize}
            onChange={(e) => patch({ pointSize: Number(e.target.value) })}
            aria-label="Point size in pixels"
          />
        </label>
        {countMax !== null && (
          <label className="tool">
            Points
            <select
              value={Math.min(pointCount, countMax)}
              onChange={(e) => patch({ pointCount: Number(e.target.value) })}
              aria-label="Points shown (those that fire the composite most)"
              data-testid="point-count"
            >
              {pointCountChoices(pointCount, countMax).map((n) => (
                <option key={n} value={n}>
                  {n >= countMax ? `all ${countMax.toLocaleString()}` : `top ${n.toLocaleString()}`}
                </option>
              ))}
            </select>
          </label>
        )}
        {props.exportStem && (
          <span className="tool exports">
            Export
            <button
              type="button"
              className="link"
              onClick={() => stem && slot.exportPng(stem)}
              disabled={!props.data}
              data-testid="export-png"
            >
              PNG
            </button>
            {props.onExportPoints && (
              <button
                type="button"
                className="link"
                onClick={props.onExportPoints}
                disabled={!props.data}
                data-testid="export-points"
              >
                points CSV
              </button>
            )}
          </span>
        )}
      </div>
      <div className="manifold-body">
        {!slot.webgl ? (
          <NoWebGL />
        ) : props.message ? (
          <div className="empty" data-testid="manifold-message">
            {props.message}
          </div>
        ) : (
          <SceneBoundary>
            {slot.render({
              data: props.data,
              stale: props.stale,
              pointSizePx: pointSize,
              autoRotate,
              pinned,
              camera,
              axisLabels: props.axisLabels,
              describe: props.describe,
              pinText: props.pinText,
              onTogglePin,
              onCamera,
              background,
              label: props.label,
            })}
          </SceneBoundary>
        )}
      </div>
      <div className="manifold-legend" data-testid="manifold-legend">
        <span className="legend-scale" title="Colour: diverging scale centred at 0">
          <span>{formatStat(-max)}</span>
          <span
            className="legend-bar"
            style={{
              background: `linear-gradient(to right, ${[-1, -0.5, 0, 0.5, 1].map((t) => divergingCss(t, 1)).join(', ')})`,
            }}
          />
          <span>{formatStat(max)}</span>
          <span className="muted">colour = {props.valueLabel}</span>
        </span>
        {props.axisLegend.map((t) => (
          <span key={t} className="legend-axis">
            {t}
          </span>
        ))}
        {props.data && (
          <span className="muted" data-testid="point-total">
            {props.data.count.toLocaleString()} points
          </span>
        )}
      </div>
    </div>
  );
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
