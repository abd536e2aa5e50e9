// The bottleneck's wiring in the latent view (issue 8): the encoder features a composite reads
// (largest |D_kj|), each with its own top-activating probe rows, and the other composites that
// read the same feature. Only for kinds with `down`; text only, never HTML.
import { useEffect, useMemo } from 'react';
import { formatterFor } from '../../core/numberFormat';
import { probeRowContext, type ProbeSet } from '../../core/probes';
import { topRowsOfColumn } from '../../core/stats';
import { useFeatureStore } from '../../state/featureStore';
import { TokenChip } from '../TokenText';

/** Features listed per composite. */
const SHOWN = 8;

export interface WiringProps {
  composite: number;
  /** The model's `down` [C, F], or null (no bottleneck). */
  down: Float32Array | null;
  nFeatures: number;
  probes: ProbeSet | null;
  onNeedFeatures: (features: number[]) => void;
  onOpenComposite: (k: number) => void;
}

export function Wiring({
  composite,
  down,
  nFeatures: F,
  probes,
  onNeedFeatures,
  onOpenComposite,
}: WiringProps) {
  const read = useMemo(() => {
    if (!down) return [];
    const row = down.subarray(composite * F, (composite + 1) * F);
    const abs = Float32Array.from(row, Math.abs);
    return Array.from(topRowsOfColumn(abs, F, 1, 0, SHOWN, 'desc'))
      .filter((j) => (abs[j] ?? 0) > 0)
      .map((j) => ({ feature: j, weight: row[j] ?? 0 }));
  }, [down, composite, F]);
  const formatWeight = useMemo(() => formatterFor(read.map((r) => r.weight)), [read]);
  const details = useFeatureStore((s) => s.details);
  useEffect(() => {
    if (read.length) onNeedFeatures(read.map((r) => r.feature));
  }, [read, onNeedFeatures]);
  if (!down) return null;
  return (
    <section className="card wiring" aria-labelledby="wiring-title" data-testid="wiring">
      <h3 id="wiring-title" title="The encoder features this composite reads: h_k = Σ_j D_kj f_j">
        Features it reads
      </h3>
      <ol className="row-list">
        {read.map(({ feature, weight }) => {
          const d = details[feature];
          const others = d
            ? Array.from(d.readers)
                .filter((k) => k !== composite)
                .slice(0, 4)
            : [];
          return (
            <li key={feature} data-testid="wiring-feature">
              <strong>f{feature}</strong>{' '}
              <span className="num" title="D_kj, the weight of this feature in the composite">
                {weight >= 0 ? '+' : ''}
                {formatWeight(weight)}
              </span>
              {probes && d && d.topRows.length > 0 && (
                <span className="hint">
                  {' '}
                  fires on{' '}
                  {Array.from(d.topRows.slice(0, 3), (row, i) => {
                    const c = probeRowContext(probes, row);
                    return (
                      <span key={row}>
                        {i > 0 ? ', ' : ''}
                        <TokenChip text={c.token} />
                      </span>
                    );
                  })}
                </span>
              )}
              {others.length > 0 && (
                <span className="hint">
                  {' '}
                  · also read by{' '}
                  {others.map((k) => (
                    <button
                      key={k}
                      type="button"
                      className="link"
                      onClick={() => onOpenComposite(k)}
                    >
                      #{k}
                    </button>
                  ))}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
