// The firing histogram of a composite over the probe set: log-count bars over its value range,
// each bin coloured like the manifold's points (the same colour scale), zero marked, value ticks
// from core/ticks (inside the range, labels kept inside the chart).
import { formatCount } from '../../core/numberFormat';
import { labelX, niceTicks } from '../../core/ticks';
import { formatStat } from './format';

const W = 320;
const H = 116;
const PAD = { left: 30, right: 8, top: 8, bottom: 28 };
/** Width of one character of a tick label (10 px text). */
const CHAR_PX = 6;

export interface FiringHistogramProps {
  counts: ArrayLike<number>;
  lo: number;
  hi: number;
  /** The colour of a value (the manifold's scale). */
  colorOf: (value: number) => string;
  /** What the values are ("h", "value"). */
  valueLabel: string;
  title: string;
}

export function FiringHistogram({
  counts,
  lo,
  hi,
  colorOf,
  valueLabel,
  title,
}: FiringHistogramProps) {
  const bins = counts.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  let maxCount = 0;
  let total = 0;
  for (let i = 0; i < bins; i++) {
    maxCount = Math.max(maxCount, counts[i] ?? 0);
    total += counts[i] ?? 0;
  }
  const top = Math.log10(1 + Math.max(1, maxCount));
  const y = (n: number) => PAD.top + plotH - (Math.log10(1 + n) / top) * plotH;
  const xOf = (v: number) => PAD.left + (hi > lo ? ((v - lo) / (hi - lo)) * plotW : plotW / 2);
  const bw = plotW / Math.max(1, bins);
  const xTicks = niceTicks(lo, hi, { count: 4 });
  const decades: number[] = [];
  for (let d = 1; d <= maxCount; d *= 10) decades.push(d);
  return (
    <section className="latent-section" aria-labelledby="histogram-title">
      <div className="section-head">
        <h3 id="histogram-title">{title}</h3>
        <span className="muted">{formatCount(total)} rows · log count</span>
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="chart"
        role="img"
        aria-label={`${title}, log counts`}
        data-testid="firing-histogram"
      >
        {decades.map((d) => (
          <g key={d}>
            <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(d)} y2={y(d)} />
            <text className="tick" x={PAD.left - 4} y={y(d) + 3} textAnchor="end">
              {d >= 1000 ? `${d / 1000}k` : d}
            </text>
          </g>
        ))}
        {Array.from({ length: bins }, (_, i) => {
          const n = counts[i] ?? 0;
          if (n === 0) return null;
          const centre = lo + ((i + 0.5) / bins) * (hi - lo);
          return (
            <rect
              key={i}
              x={PAD.left + i * bw}
              width={Math.max(0.5, bw - 0.5)}
              y={y(n)}
              height={PAD.top + plotH - y(n)}
              fill={colorOf(centre)}
            >
              <title>{`${formatStat(lo + (i / bins) * (hi - lo))} … ${formatStat(lo + ((i + 1) / bins) * (hi - lo))}: ${formatCount(n)}`}</title>
            </rect>
          );
        })}
        <line
          className="axis"
          x1={PAD.left}
          x2={W - PAD.right}
          y1={PAD.top + plotH}
          y2={PAD.top + plotH}
        />
        {lo < 0 && hi > 0 && (
          <line className="zero" x1={xOf(0)} x2={xOf(0)} y1={PAD.top} y2={PAD.top + plotH} />
        )}
        {xTicks.values.map((t, i) => {
          const label = xTicks.labels[i] ?? '';
          return (
            <g key={`x${t}`}>
              <line
                className="axis"
                x1={xOf(t)}
                x2={xOf(t)}
                y1={PAD.top + plotH}
                y2={PAD.top + plotH + 3}
              />
              <text
                className="tick"
                x={labelX(xOf(t), label.length, W, CHAR_PX)}
                y={H - 14}
                textAnchor="middle"
              >
                {label}
              </text>
            </g>
          );
        })}
        <text className="axis-label" x={PAD.left + plotW / 2} y={H - 2} textAnchor="middle">
          {valueLabel}
        </text>
      </svg>
    </section>
  );
}
