// Small SVG charts for panels: a histogram (linear or log counts) and a line chart with an
// optional marker. Ticks come from core/ticks (1-2-5 steps, integers on count axes, labels kept
// inside the chart); text (axis labels, values) is rendered as SVG text, never HTML.
import { formatCount, formatSig } from '../../core/numberFormat';
import { labelX, niceTicks } from '../../core/ticks';

const W = 360;
const H = 150;
const PAD = { right: 10, top: 16, bottom: 30 };
/** Width of one character of a tick label (10 px text), for fitting labels inside the chart. */
const CHAR_PX = 6;

/** The left padding that fits the longest y tick label (right-aligned at the axis). */
function padLeftFor(labels: readonly string[]): number {
  return Math.max(28, 8 + CHAR_PX * Math.max(0, ...labels.map((l) => l.length)));
}

/** A count on a log axis: 1, 10, 100, 1k, 10k… */
function compactCount(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1000 ? `${n / 1000}k` : String(n);
}

/** X ticks along the bottom axis: a short mark and a label kept inside the chart. */
function XTicks({
  ticks,
  px,
  y0,
}: {
  ticks: { values: number[]; labels: string[] };
  px: (v: number) => number;
  y0: number;
}) {
  return (
    <>
      {ticks.values.map((t, i) => {
        const label = ticks.labels[i] ?? '';
        return (
          <g key={`x${t}`}>
            <line x1={px(t)} x2={px(t)} y1={y0} y2={y0 + 3} className="axis" />
            <text
              x={labelX(px(t), label.length, W, CHAR_PX)}
              y={H - 16}
              className="tick"
              textAnchor="middle"
            >
              {label}
            </text>
          </g>
        );
      })}
    </>
  );
}

export interface HistogramProps {
  counts: readonly number[];
  lo: number;
  hi: number;
  xLabel: string;
  log?: boolean;
  /** The x axis counts something (bins centred on integers): integer ticks. */
  integerX?: boolean;
  /** Accessible name of the chart. */
  title: string;
  testId?: string;
}

/** Bars of `counts` over [lo, hi]; log counts use log10(1 + n). */
export function HistogramChart({
  counts,
  lo,
  hi,
  xLabel,
  log = false,
  integerX = false,
  title,
  testId,
}: HistogramProps) {
  const scale = (n: number) => (log ? Math.log10(1 + n) : n);
  const maxCount = Math.max(0, ...counts);
  const top = Math.max(1e-9, scale(maxCount));
  // Count axis: integer ticks; on a log axis the powers of ten up to the largest count.
  const yTicks: { values: number[]; labels: string[] } = log
    ? (() => {
        const values: number[] = [];
        for (let d = 1; d <= maxCount; d *= 10) values.push(d);
        return { values, labels: values.map(compactCount) };
      })()
    : niceTicks(0, maxCount, { count: 3, integer: true });
  const left = padLeftFor(yTicks.labels);
  const plotW = W - left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / Math.max(1, counts.length);
  const total = counts.reduce((s, n) => s + n, 0);
  const px = (v: number) => left + ((v - lo) / (hi - lo || 1)) * plotW;
  const py = (n: number) => PAD.top + plotH - (scale(n) / top) * plotH;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="chart"
      role="img"
      aria-label={title}
      data-testid={testId}
    >
      <title>{title}</title>
      {yTicks.values.map((n, i) => (
        <g key={`y${n}`}>
          <line x1={left} x2={W - PAD.right} y1={py(n)} y2={py(n)} className="grid" />
          <text x={left - 4} y={py(n) + 3} className="tick" textAnchor="end">
            {yTicks.labels[i]}
          </text>
        </g>
      ))}
      {counts.map((n, i) => {
        const h = (scale(n) / top) * plotH;
        const from = lo + ((hi - lo) * i) / counts.length;
        return (
          <rect
            key={i}
            x={left + i * bw}
            y={PAD.top + plotH - h}
            width={Math.max(0.5, bw - 0.5)}
            height={h}
            className="bar"
          >
            <title>{`${formatSig(from)} – ${formatSig(from + (hi - lo) / counts.length)}: ${formatCount(n)} of ${formatCount(total)}`}</title>
          </rect>
        );
      })}
      <line
        x1={left}
        y1={PAD.top + plotH}
        x2={W - PAD.right}
        y2={PAD.top + plotH}
        className="axis"
      />
      <XTicks
        ticks={niceTicks(lo, hi, { count: 5, integer: integerX })}
        px={px}
        y0={PAD.top + plotH}
      />
      <text x={left + plotW / 2} y={H - 2} className="axis-label" textAnchor="middle">
        {xLabel}
      </text>
      <text x={4} y={10} className="axis-label">
        {log ? 'log count' : 'count'}
      </text>
    </svg>
  );
}

export interface LineChartProps {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  xLabel: string;
  yLabel: string;
  title: string;
  /** x of a vertical marker (e.g. the chosen prefix length). */
  marker?: number | null;
  /** Clicking the plot picks the nearest x. */
  onPick?: (x: number) => void;
  /** The x axis counts something (e.g. a prefix length): integer ticks. */
  integerX?: boolean;
  testId?: string;
}

/** A polyline of (xs, ys) with axis ticks. */
export function LineChart({
  xs,
  ys,
  xLabel,
  yLabel,
  title,
  marker,
  onPick,
  integerX = false,
  testId,
}: LineChartProps) {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? NaN;
    const y = ys[i] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) return <p className="muted">No data.</p>;
  if (y1 === y0) y1 = y0 + 1;
  if (x1 === x0) x1 = x0 + 1;
  const yTicks = niceTicks(y0, y1, { count: 3 });
  const left = padLeftFor(yTicks.labels);
  const plotW = W - left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y: number) => PAD.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? NaN;
    const y = ys[i] ?? NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    d += `${d ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`;
  }
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className={onPick ? 'chart pickable' : 'chart'}
      role="img"
      aria-label={title}
      data-testid={testId}
      onClick={(e) => {
        if (!onPick) return;
        const box = e.currentTarget.getBoundingClientRect();
        const x = ((e.clientX - box.left) / box.width) * W;
        onPick(x0 + ((x - left) / plotW) * (x1 - x0));
      }}
    >
      <title>{title}</title>
      {yTicks.values.map((t, i) => (
        <g key={`y${t}`}>
          <line x1={left} x2={W - PAD.right} y1={py(t)} y2={py(t)} className="grid" />
          <text x={left - 4} y={py(t) + 3} className="tick" textAnchor="end">
            {yTicks.labels[i]}
          </text>
        </g>
      ))}
      <path d={d} className="line" fill="none" />
      {marker !== null && marker !== undefined && (
        <line
          x1={px(marker)}
          x2={px(marker)}
          y1={PAD.top}
          y2={PAD.top + plotH}
          className="marker"
        />
      )}
      <line
        x1={left}
        y1={PAD.top + plotH}
        x2={W - PAD.right}
        y2={PAD.top + plotH}
        className="axis"
      />
      <line x1={left} y1={PAD.top} x2={left} y2={PAD.top + plotH} className="axis" />
      <XTicks
        ticks={niceTicks(x0, x1, { count: 5, integer: integerX })}
        px={px}
        y0={PAD.top + plotH}
      />
      <text x={left + plotW / 2} y={H - 2} className="axis-label" textAnchor="middle">
        {xLabel}
      </text>
      <text x={4} y={10} className="axis-label">
        {yLabel}
      </text>
    </svg>
  );
}
