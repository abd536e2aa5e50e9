// The composite's spectrum as signed bars, largest |λ| first (the top 32 by default, the full
// spectrum on demand), coloured by sign like the manifold's points; the three plotted axes are
// marked. Clicking a bar gives its eigenvector to the axis chosen in the x/y/z picker, which
// then moves on to the next axis. The bars are one tab stop: arrow keys, Home and End move
// between them, Enter or Space assigns (core/shortcuts).
import { useRef, useState, type KeyboardEvent } from 'react';
import { divergingCss } from '../../core/colorScale';
import { whichShortcut } from '../../core/shortcuts';
import { niceTicks } from '../../core/ticks';
import { formatValue } from './format';

const W = 320;
const H = 132;
const PAD = { right: 6, top: 14, bottom: 16 };
/** Width of one character of a tick label (10 px text). */
const CHAR_PX = 6;
const TOP_BARS = 32;
const AXIS_NAMES = ['x', 'y', 'z'] as const;

export interface SpectrumChartProps {
  /** Eigenvalues by descending |λ| (NaN entries are not drawn). */
  values: ArrayLike<number>;
  /** Whether `values` holds every eigenvalue (else the analysis's top K). */
  complete: boolean;
  axes: readonly [number, number, number];
  /** Plots a bar's eigenvector on an axis; null when the axes are fixed (the paper explorer's files). */
  onAssign: ((slot: 0 | 1 | 2, index: number) => void) | null;
  onExport: (() => void) | null;
}

export function SpectrumChart({ values, complete, axes, onAssign, onExport }: SpectrumChartProps) {
  const [showAll, setShowAll] = useState(false);
  const [slot, setSlot] = useState<0 | 1 | 2>(0);
  const [active, setActive] = useState(0);
  const bars = useRef<(SVGGElement | null)[]>([]);
  let total = 0;
  while (total < values.length && Number.isFinite(values[total] ?? NaN)) total++;
  const count = showAll ? total : Math.min(TOP_BARS, total);
  let maxAbs = 0;
  for (let i = 0; i < count; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i] ?? 0));
  // λ ticks (core/ticks) on a left axis, symmetric around the zero line.
  const yTicks = maxAbs > 0 ? niceTicks(-maxAbs, maxAbs, { count: 4 }) : niceTicks(0, 0);
  const left = Math.max(6, 8 + CHAR_PX * Math.max(0, ...yTicks.labels.map((l) => l.length)));
  const plotW = W - left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const mid = PAD.top + plotH / 2;
  const yOf = (v: number) => (maxAbs > 0 ? mid - (v / maxAbs) * (plotH / 2) : mid);
  const bw = plotW / Math.max(1, count);
  const assign = (i: number) => {
    if (!onAssign) return;
    onAssign(slot, i);
    setSlot(((slot + 1) % 3) as 0 | 1 | 2);
  };
  // The bar that holds the tab stop (kept inside the bars shown).
  const tabStop = Math.min(active, Math.max(0, count - 1));
  const onBarKey = (e: KeyboardEvent, i: number) => {
    const key = whichShortcut(['barPrev', 'barNext', 'barFirst', 'barLast', 'barAssign'], e);
    if (!key) return;
    e.preventDefault();
    if (key === 'barAssign') {
      assign(i);
      return;
    }
    const to =
      key === 'barPrev'
        ? Math.max(0, i - 1)
        : key === 'barNext'
          ? Math.min(count - 1, i + 1)
          : key === 'barFirst'
            ? 0
            : count - 1;
    setActive(to);
    bars.current[to]?.focus();
  };
  return (
    <section className="latent-section" aria-labelledby="spectrum-title">
      <div className="section-head">
        <h3 id="spectrum-title">Spectrum</h3>
        <span className="muted">
          {count} of {total}
          {complete ? '' : '+'} by |λ|
        </span>
        <button
          type="button"
          className="link"
          onClick={() => setShowAll(!showAll)}
          disabled={total <= TOP_BARS}
        >
          {showAll ? `top ${TOP_BARS}` : 'all'}
        </button>
        {onExport && (
          <button type="button" className="link" onClick={onExport} data-testid="export-spectrum">
            CSV
          </button>
        )}
      </div>
      {!onAssign ? (
        <p className="axis-picker muted" data-testid="axes-fixed">
          x, y, z are fixed by the files: the eigenvectors of the three largest |λ|.
        </p>
      ) : (
        <div
          className="axis-picker"
          role="radiogroup"
          aria-label="Axis a clicked bar is assigned to"
        >
          <span className="muted">Click a bar to plot it as</span>
          {AXIS_NAMES.map((name, s) => (
            <button
              key={name}
              type="button"
              role="radio"
              aria-checked={slot === s}
              className={slot === s ? 'on' : undefined}
              onClick={() => setSlot(s as 0 | 1 | 2)}
            >
              {name}
            </button>
          ))}
        </div>
      )}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="chart spectrum"
        data-testid="spectrum-chart"
        role="group"
        aria-label={
          onAssign
            ? 'Eigenvalues by descending |λ| (arrow keys move, Enter plots)'
            : 'Eigenvalues by descending |λ| (arrow keys move)'
        }
      >
        {yTicks.values.map((t, i) => (
          <g key={`y${t}`}>
            {t !== 0 && (
              <line className="grid" x1={left} x2={W - PAD.right} y1={yOf(t)} y2={yOf(t)} />
            )}
            <text className="tick" x={left - 4} y={yOf(t) + 3} textAnchor="end">
              {yTicks.labels[i]}
            </text>
          </g>
        ))}
        <line className="axis" x1={left} x2={W - PAD.right} y1={mid} y2={mid} />
        <line className="axis" x1={left} x2={left} y1={PAD.top} y2={PAD.top + plotH} />
        {Array.from({ length: count }, (_, i) => {
          const v = values[i] ?? 0;
          const h = maxAbs > 0 ? (Math.abs(v) / maxAbs) * (plotH / 2) : 0;
          const x = left + i * bw;
          const axis = axes.indexOf(i);
          const name = axis >= 0 ? AXIS_NAMES[axis] : null;
          return (
            <g
              key={i}
              ref={(el) => {
                bars.current[i] = el;
              }}
              role={onAssign ? 'button' : 'img'}
              tabIndex={i === tabStop ? 0 : -1}
              className={name ? 'bar plotted' : 'bar'}
              data-testid={`spectrum-bar-${i}`}
              aria-label={`Eigenvalue ${i + 1}: λ = ${formatValue(v)}${name ? `, plotted as ${name}` : ''}${onAssign ? `. Plot it as ${AXIS_NAMES[slot]}.` : ''}`}
              onClick={() => {
                setActive(i);
                assign(i);
              }}
              onFocus={() => setActive(i)}
              onKeyDown={(e) => onBarKey(e, i)}
            >
              <title>{`λ${i + 1} = ${formatValue(v)}`}</title>
              <rect className="hit" x={x} y={PAD.top} width={bw} height={plotH} />
              <rect
                x={x + bw * 0.12}
                width={Math.max(0.6, bw * 0.76)}
                y={v >= 0 ? mid - h : mid}
                height={Math.max(0.5, h)}
                fill={divergingCss(Math.sign(v), 1)}
              />
              {name && (
                <text
                  className="axis-mark"
                  x={x + bw / 2}
                  y={v >= 0 ? Math.max(10, mid - h - 3) : Math.min(H - 4, mid + h + 11)}
                  textAnchor="middle"
                >
                  {name}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </section>
  );
}
