// The manifold's shape in numbers, for the current projection: the circle fitted in the plane of
// the two largest axes (circularity, residual, the tokens in angular order — and, when they are
// months or weekdays, how close that order is to the calendar's), the principal line (its share
// of the variance, the tokens along it), and the clusters (k by silhouette, each with its most
// frequent tokens; the points can be coloured by cluster). Computed off the UI thread (the shape
// worker), fitted to the top points by |value|, all shown points, or the selection. CSV export.
import { useEffect, useMemo, useState } from 'react';
import { writeCsv } from '../../core/csv';
import type { ManifoldData } from '../../core/manifoldPoints';
import { angularOrder, compareCyclicOrder } from '../../core/shape/angularOrder';
import { CIRCULARITY } from '../../core/shape/circularity';
import type { DiagnoseRequest, ShapeDiagnostics } from '../../core/shape/diagnostics';
import { categoryCss } from '../../core/manifold/style';
import { KNOWN_CYCLES } from '../../core/shape/cycles';
import { formatCount, formatShare, formatSig } from '../../core/numberFormat';
import { downloadText } from '../download';
import { TokenText } from '../TokenText';

/** Fit to the top points by |value| (the firing tip), to all shown points, or to the focus. */
export type ShapeFit = 'top' | 'all' | 'focus';
const TOP_FIT = 50;
const TOKENS_SHOWN = 24;

export interface ShapePanelProps {
  data: ManifoldData;
  /** The two axes of the circle's plane, and the names of the three axes. */
  plane: [number, number];
  axisNames: [string, string, string];
  /** Indices of the points in focus (search ∩ selection), or null. */
  focus: Int32Array | null;
  /** A point's token (raw text, compared and counted). */
  tokenOf: (index: number) => string;
  diagnose: (req: DiagnoseRequest) => Promise<ShapeDiagnostics>;
  /** The clusters' labels for every point (colour by cluster), or null. */
  onClusters: (labels: Int32Array | null) => void;
  clusterColours: boolean;
  onClusterColours: (on: boolean) => void;
  exportStem: string;
}

type Tab = 'circle' | 'line' | 'clusters';

export function ShapePanel(p: ShapePanelProps) {
  const { data } = p;
  const [fit, setFit] = useState<ShapeFit>('top');
  const [tab, setTab] = useState<Tab>('circle');
  const [result, setResult] = useState<{ key: string; d: ShapeDiagnostics } | null>(null);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const weights = useMemo(() => Float32Array.from(data.values, Math.abs), [data]);
  const fitIdx = useMemo(() => {
    if (fit === 'focus' && p.focus && p.focus.length >= 3) return p.focus;
    if (fit === 'all') return Int32Array.from({ length: data.count }, (_, i) => i);
    const order = Int32Array.from({ length: data.count }, (_, i) => i).sort(
      (a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || a - b,
    );
    return order.slice(0, Math.min(TOP_FIT, data.count));
  }, [fit, p.focus, data, weights]);
  const key = `${data.version}|${fit}|${fitIdx.length}|${fitIdx[0] ?? -1}|${p.plane.join()}`;
  const { diagnose, onClusters } = p;
  useEffect(() => {
    let live = true;
    diagnose({
      xyz: data.positions.slice(),
      count: data.count,
      weights,
      fit: fitIdx,
      plane: p.plane,
      seed: 1,
    }).then(
      (d) => {
        if (!live) return;
        setResult({ key, d });
        onClusters(d.clusters?.labels ?? null);
      },
      (err: unknown) => {
        if (live && !(err instanceof Error && err.name === 'AbortError')) {
          setFailure({ key, message: err instanceof Error ? err.message : String(err) });
        }
      },
    );
    return () => {
      live = false;
    };
    // The key says what the result is of.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, diagnose]);
  const d = result?.key === key ? result.d : null;
  const error = failure?.key === key ? failure.message : null;

  const tokens = useMemo(() => Array.from(fitIdx, (i) => p.tokenOf(i)), [fitIdx, p]);
  const fitWeights = useMemo(
    () => Float64Array.from(fitIdx, (i) => weights[i] ?? 0),
    [fitIdx, weights],
  );
  const byAngle = useMemo(() => {
    if (!d?.circle) return null;
    const labels = angularOrder(d.circle.angles, fitWeights, tokens).labels ?? [];
    const lower = labels.map((l) => l.label.trim().toLowerCase());
    const cycle = KNOWN_CYCLES.map((c) => ({ c, cmp: compareCyclicOrder(lower, c.tokens) })).find(
      ({ cmp }) => cmp.common >= 4,
    );
    return { labels, cycle };
  }, [d, fitWeights, tokens]);
  const alongLine = useMemo(() => {
    if (!d?.line) return null;
    const sum = new Map<string, { w: number; s: number }>();
    tokens.forEach((t, j) => {
      const wj = fitWeights[j] ?? 0;
      const e = sum.get(t) ?? { w: 0, s: 0 };
      e.w += wj;
      e.s += wj * (d.line?.coords[j] ?? 0);
      sum.set(t, e);
    });
    return [...sum.entries()]
      .filter(([, e]) => e.w > 0)
      .map(([t, e]) => ({ token: t, at: e.s / e.w }))
      .sort((a, b) => a.at - b.at);
  }, [d, tokens, fitWeights]);
  const clusters = useMemo(() => {
    if (!d?.clusters) return null;
    const groups = Array.from({ length: d.clusters.k }, () => new Map<string, number>());
    const counts = new Array<number>(d.clusters.k).fill(0);
    for (let i = 0; i < data.count; i++) {
      const c = d.clusters.labels[i] ?? 0;
      counts[c] = (counts[c] ?? 0) + 1;
      const t = p.tokenOf(i);
      groups[c]?.set(t, (groups[c]?.get(t) ?? 0) + 1);
    }
    return groups.map((g, c) => ({
      c,
      count: counts[c] ?? 0,
      top: [...g.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([t]) => t),
    }));
  }, [d, data.count, p]);

  const exportCsv = () => {
    if (!d) return;
    const text = writeCsv(
      ['row', 'token', 'value', 'angle_deg', 'line_coord', 'cluster'],
      fitIdx.length,
      (j, c) => {
        const i = fitIdx[j] ?? 0;
        switch (c) {
          case 0:
            return data.rows[i] ?? -1;
          case 1:
            return tokens[j] ?? '';
          case 2:
            return data.values[i] ?? NaN;
          case 3:
            return d.circle ? ((d.circle.angles[j] ?? NaN) * 180) / Math.PI : NaN;
          case 4:
            return d.line?.coords[j] ?? NaN;
          default:
            return d.clusters?.labels[i] ?? -1;
        }
      },
    );
    downloadText(`${p.exportStem}-shape.csv`, text);
  };

  const [a, b] = p.plane;
  return (
    <section
      className="latent-section shape-panel"
      aria-labelledby="shape-title"
      data-testid="shape-panel"
    >
      <div className="section-head">
        <h3 id="shape-title">Shape</h3>
        <select
          value={fit}
          onChange={(e) => setFit(e.target.value as ShapeFit)}
          aria-label="Points the shapes are fitted to"
          data-testid="shape-fit"
        >
          <option value="top">top {TOP_FIT} by |value|</option>
          <option value="all">all shown</option>
          <option value="focus" disabled={!p.focus || p.focus.length < 3}>
            selection / matches
          </option>
        </select>
        <button
          type="button"
          className="link"
          onClick={exportCsv}
          disabled={!d}
          data-testid="export-shape"
        >
          CSV
        </button>
      </div>
      <div className="shape-tabs" role="tablist" aria-label="Shape">
        {(['circle', 'line', 'clusters'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            data-testid={`shape-tab-${t}`}
          >
            {t}
          </button>
        ))}
      </div>
      {error && <p className="error-text">{error}</p>}
      {!d && !error && <p className="muted">Measuring {formatCount(fitIdx.length)} points…</p>}
      {d && tab === 'circle' && (
        <div role="tabpanel" data-testid="shape-circle">
          {d.circle ? (
            <>
              <dl className="shape-figures">
                <Figure
                  name="circularity"
                  value={formatSig(d.circle.score, 3)}
                  title={`thinness × coverage × hole, in [0, 1] (1: a ring around a hole). thinness = 1 − (rms/r)/${formatSig(CIRCULARITY.discResidualShare, 3)} (a filled disc's rms/r) = ${formatSig(d.circle.thinness, 3)}; coverage = 1 − widest arc holding ≤ 1 % of the weight / 2π = ${formatSig(d.circle.coverage, 3)}; hole = 1 − 4 × weight share within r/2 of the centre = ${formatSig(d.circle.hole, 3)}.`}
                  testId="shape-circularity"
                />
                <Figure
                  name="residual"
                  value={formatShare(d.circle.residualShare)}
                  title="√(Σ w (‖p − c‖ − r)² / Σ w) / r: the weighted rms distance of the points from the fitted circle, as a share of its radius (w = |value|). A circle fitted to a blob says so here."
                />
                <Figure
                  name="radius"
                  value={formatSig(d.circle.radius, 3)}
                  title={`The least-squares circle (Kåsa start, then Gauss–Newton on the geometric residual) in the plane of ${p.axisNames[a]} and ${p.axisNames[b]}, centre (${formatSig(d.circle.centre[0], 3)}, ${formatSig(d.circle.centre[1], 3)}).`}
                />
              </dl>
              {byAngle?.cycle && (
                <p className="shape-cycle" data-testid="shape-cycle">
                  {byAngle.cycle.cmp.exact
                    ? `In ${byAngle.cycle.c.name}`
                    : `${byAngle.cycle.cmp.neighbourPairs} of ${byAngle.cycle.cmp.common} neighbours as in ${byAngle.cycle.c.name}`}
                  <span
                    className="muted"
                    title="2·min(D, T − D)/T over the T triples of tokens, D those whose cyclic orientation differs from the reference: 0 = the same cyclic order, ≈ 1 unrelated"
                  >
                    {' '}
                    · triple distance {formatSig(byAngle.cycle.cmp.tripleDistance, 2)}
                  </span>
                </p>
              )}
              <h4 title="Each token at the weighted circular mean angle of its points, going round counter-clockwise from the widest gap">
                Tokens by angle
              </h4>
              <ol className="shape-tokens" data-testid="shape-angular-order">
                {(byAngle?.labels ?? []).slice(0, TOKENS_SHOWN).map((l) => (
                  <li
                    key={l.label}
                    title={`${formatSig((l.angle * 180) / Math.PI, 3)}°, ${l.count} point(s)`}
                  >
                    <TokenText text={l.label.trim() || l.label} maxChars={18} />
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p className="muted">
              No circle fits these points (fewer than three, or all on a line).
            </p>
          )}
        </div>
      )}
      {d && tab === 'line' && d.line && (
        <div role="tabpanel" data-testid="shape-line">
          <dl className="shape-figures">
            <Figure
              name="along the line"
              value={formatShare(d.line.share)}
              title="Share of the points' weighted variance (w = |value|) along their first principal direction (3-D, weighted-mean centred)."
              testId="shape-line-share"
            />
          </dl>
          <h4 title="Tokens by the weighted mean coordinate of their points along the line">
            Tokens along the line
          </h4>
          <ol className="shape-tokens">
            {(alongLine ?? []).slice(0, TOKENS_SHOWN).map((t) => (
              <li key={t.token}>
                <TokenText text={t.token.trim() || t.token} maxChars={18} />
              </li>
            ))}
          </ol>
        </div>
      )}
      {d && tab === 'clusters' && d.clusters && (
        <div role="tabpanel" data-testid="shape-clusters">
          <p
            className="muted"
            title="k-means (k-means++ start, seeded) of the fit points in 3-D, each point counted once; k in 2–8 by the highest mean silhouette. Every shown point is coloured by its nearest cluster centre."
          >
            k = {d.clusters.k} by silhouette (
            {d.clusters.ks
              .map((k, i) => `${k}: ${formatSig(d.clusters?.silhouettes[i] ?? NaN, 2)}`)
              .join(', ')}
            )
          </p>
          <label className="tool">
            <input
              type="checkbox"
              checked={p.clusterColours}
              onChange={(e) => p.onClusterColours(e.target.checked)}
            />{' '}
            colour the points by cluster
          </label>
          <ol className="shape-clusters">
            {(clusters ?? []).map((c) => (
              <li key={c.c}>
                <span className="swatch" style={{ background: categoryCss(c.c) }} />
                <span className="num">{formatCount(c.count)}</span>
                {c.top.map((t) => (
                  <TokenText key={t} text={t.trim() || t} maxChars={14} className="shape-token" />
                ))}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function Figure({
  name,
  value,
  title,
  testId,
}: {
  name: string;
  value: string;
  title: string;
  testId?: string;
}) {
  return (
    <div title={title}>
      <dt>{name}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
