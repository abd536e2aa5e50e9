// The atlas legend: the colour scale of the chosen statistic (the same colour map the points use,
// from core/atlas/colorScale) with ticks, whether it is linear or log, what grey means, and what
// point size shows. Every statistic's name carries its definition.
import { cssGradient, ticks, type StatScale } from '../../core/atlas/colorScale';
import { formatterFor } from '../../core/numberFormat';
import { StatLabel } from './StatLabel';

/**
 * `format` is the list's formatter for the statistic (so the legend's ends read like its rows);
 * without it, one that tells the legend's own ticks apart.
 */
export function AtlasLegend({
  scale,
  format: given,
  sizeByImportance = true,
}: {
  scale: StatScale;
  format?: (v: number) => string;
  /** Point size shows importance; false: every point has one size (importance near constant). */
  sizeByImportance?: boolean;
}) {
  const marks = ticks(scale);
  const format = given ?? formatterFor([scale.min, scale.max, ...marks.map((m) => m.value)]);
  return (
    <figure
      className="atlas-legend"
      data-testid="atlas-legend"
      data-stat={scale.stat}
      data-scale={scale.kind}
      aria-label={`Colour: ${scale.stat}, ${scale.kind} scale from ${format(scale.min)} to ${format(scale.max)}`}
    >
      <figcaption>
        Colour: <StatLabel stat={scale.stat} />
        <span className="muted"> ({scale.kind === 'log' ? 'log scale' : 'linear'})</span>
      </figcaption>
      {scale.finite === 0 ? (
        <div className="muted" data-testid="legend-empty">
          No values{scale.stat === 'density' ? ' (density needs a probe set)' : ''}.
        </div>
      ) : (
        <>
          <div
            className="atlas-legend-bar"
            style={{ background: cssGradient() }}
            aria-hidden="true"
          />
          <div className="atlas-legend-ticks" aria-hidden="true">
            {marks.map((m, i) => (
              <span key={i} style={{ left: `${m.t * 100}%` }}>
                {format(m.value)}
              </span>
            ))}
          </div>
        </>
      )}
      <div className="muted atlas-legend-notes">
        <span className="atlas-legend-missing" aria-hidden="true" /> no value · size:{' '}
        {sizeByImportance ? (
          <>
            <StatLabel stat="importance" /> (log)
          </>
        ) : (
          <span
            data-testid="legend-size-off"
            title="Importance varies by under 5% (coefficient of variation) on this model, so every point has one size"
          >
            one size (importance nearly constant)
          </span>
        )}
      </div>
    </figure>
  );
}
