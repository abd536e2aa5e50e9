// The model panel (issue 8): reconstruction quality over the probe set (mean error next to the
// PCA floor, the best any rank-C linear reconstruction can do, and the gap to it; variance
// explained, distribution, worst rows), the importance ordering (error against prefix length k,
// with k applied to the atlas), sparsity (feature densities, dead features), the bottleneck's
// wiring (features shared by many composites), then sizes, config and the probe set. Cards flow
// in balanced columns, results first. Every figure exports as CSV.
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Analysis } from '../../core/analysis';
import { compositeId } from '../../core/ids';
import { writeCsv } from '../../core/csv';
import { etaText } from '../../core/job';
import { formatCount, formatShare, formatSig, formatterFor } from '../../core/numberFormat';
import { describeFloor, type PcaFloor } from '../../core/pcaFloor';
import { deadFeatures, histogram, prefixCurve, reconstructionSummary } from '../../core/modelStats';
import { probeRowContext, type ProbeSet } from '../../core/probes';
import { useAppStore } from '../../state/appStore';
import { useEngineStore } from '../../state/engineStore';
import { useFeatureStore } from '../../state/featureStore';
import { useFloorStore } from '../../state/floorStore';
import { usePanelStore } from '../../state/panelStore';
import { useViewStore } from '../../state/viewStore';
import { HistogramChart, LineChart } from '../charts/Charts';
import { downloadText, fileStem } from '../download';
import { describeSource, ModelOverview } from '../ModelOverview';
import { ContextText, TokenText } from '../TokenText';
import { NO_WEIGHTS } from '../../core/explorer/analysis';

const BINS = 40;
const SHARED_SHOWN = 12;

export interface ModelPanelProps {
  /** Asks the app to fetch these features' details (top rows, readers). */
  onNeedFeatures: (features: number[]) => void;
  /** Asks the app for the PCA floor of the probe set (`again`: retry after a failure). */
  onNeedPcaFloor: (again: boolean) => void;
}

export function ModelPanel({ onNeedFeatures, onNeedPcaFloor }: ModelPanelProps) {
  const { analysis, status } = useEngineStore(
    useShallow((s) => ({ analysis: s.analysis, status: s.status })),
  );
  const open = useAppStore((s) => s.open);
  if (!open) return <ModelOverview />;
  if (open.explorer) {
    const ex = open.explorer;
    return (
      <div className="model-panel panel-cards" data-testid="model-panel">
        <section
          className="card"
          data-testid="model-no-weights"
          aria-labelledby="explorer-data-title"
        >
          <h2 id="explorer-data-title">The paper explorer’s data</h2>
          <table className="kv">
            <tbody>
              <tr>
                <th scope="row">Autoencoder</th>
                <td>
                  <TokenText text={ex.autoencoder} maxChars={120} />
                </td>
              </tr>
              <tr>
                <th scope="row">Language model</th>
                <td>
                  <TokenText text={ex.modelName} maxChars={120} />
                </td>
              </tr>
              <tr>
                <th scope="row">Latents</th>
                <td>{ex.nLatents.toLocaleString('en-US')}</td>
              </tr>
              <tr>
                <th scope="row">Source</th>
                <td>{describeSource(open.source)}</td>
              </tr>
            </tbody>
          </table>
          <p data-testid="model-unavailable">
            <strong>{NO_WEIGHTS}.</strong> Reconstruction, importance ordering, sparsity, the
            features’ wiring and the probe set’s figures are computed from the model’s weights and a
            probe set, which this folder does not hold. The atlas and each latent’s view show what
            its files hold.
          </p>
        </section>
      </div>
    );
  }
  return (
    <div className="model-panel panel-cards" data-testid="model-panel">
      {!analysis ? (
        <p className="muted card" data-testid="panel-waiting">
          {status.state === 'running'
            ? 'The engine is analysing the model; its figures appear here when it is done.'
            : 'No analysis yet (see the engine menu).'}
        </p>
      ) : (
        <>
          <Reconstruction
            analysis={analysis}
            probes={open?.probes ?? null}
            name={open?.model.name ?? 'model'}
            onNeedPcaFloor={onNeedPcaFloor}
          />
          <Ordering
            analysis={analysis}
            kind={open?.model.kind ?? 'mixed'}
            name={open?.model.name ?? 'model'}
          />
          <Sparsity analysis={analysis} name={open?.model.name ?? 'model'} />
          {analysis.featureReaders && (
            <Sharing
              analysis={analysis}
              probes={open?.probes ?? null}
              name={open?.model.name ?? 'model'}
              onNeedFeatures={onNeedFeatures}
            />
          )}
        </>
      )}
      <ModelOverview />
    </div>
  );
}

function Figure({
  name,
  value,
  title,
  testId,
  data,
}: {
  name: string;
  value: string;
  title: string;
  testId?: string;
  /** Extra data attributes on the value (e.g. the full-precision number for tests). */
  data?: Record<`data-${string}`, string>;
}) {
  return (
    <div className="figure" title={title}>
      <div className="value" data-testid={testId} {...data}>
        {value}
      </div>
      <div className="name">{name}</div>
    </div>
  );
}

function Context({ probes, row }: { probes: ProbeSet; row: number }) {
  const c = probeRowContext(probes, row);
  return <ContextText before={c.before} token={c.token} after={c.after} />;
}

/**
 * Downloads one figure's numbers as `file`: `rows` lines of `cell(row, column)` under `header`,
 * written when clicked by core/csv's writer (numbers at full precision, LF lines).
 */
function ExportButton({
  label,
  file,
  header,
  rows,
  cell,
}: {
  label: string;
  file: string;
  header: readonly string[];
  rows: number;
  cell: (row: number, column: number) => number;
}) {
  return (
    <button
      type="button"
      onClick={() => downloadText(file, writeCsv(header, rows, cell))}
      aria-label={label}
      title={label}
    >
      CSV
    </button>
  );
}

function Reconstruction({
  analysis,
  probes,
  name,
  onNeedPcaFloor,
}: {
  analysis: Analysis;
  probes: ProbeSet | null;
  name: string;
  onNeedPcaFloor: (again: boolean) => void;
}) {
  const p = analysis.probes;
  const summary = useMemo(() => (p ? reconstructionSummary(p) : null), [p]);
  const hist = useMemo(() => (p?.rowError ? histogram(p.rowError, BINS) : null), [p]);
  const hasErrors = !!p?.rowError;
  useEffect(() => {
    if (hasErrors) onNeedPcaFloor(false);
  }, [analysis.key, hasErrors, onNeedPcaFloor]);
  if (!p || !summary || !hist) {
    return (
      <section className="card" aria-labelledby="card-recon">
        <h2 id="card-recon">Reconstruction</h2>
        <p className="muted">
          {p
            ? 'Skipped: the model is too large for the C×C decoder Gram matrix.'
            : 'Needs a probe set.'}
        </p>
      </section>
    );
  }
  const err = p.rowError!;
  const worst = Array.from(summary.worstRows.slice(0, 10), (row) => err[row] ?? NaN);
  const worstFormat = formatterFor(worst);
  return (
    <section className="card" aria-labelledby="card-recon">
      <div className="row">
        <h2 id="card-recon" style={{ flex: 1 }}>
          Reconstruction of x̃x̃ᵀ
        </h2>
        <ExportButton
          label="Export the error of every probe row as CSV"
          file={`${fileStem(name)}-row-errors.csv`}
          header={['row', 'error']}
          rows={err.length}
          cell={(r, c) => (c === 0 ? r : (err[r] ?? NaN))}
        />
      </div>
      <div className="stat-grid">
        <Figure
          name="mean error"
          value={formatSig(summary.meanError, 5)}
          title="Mean over probe rows of ‖x̃x̃ᵀ − Σ_j g_j l̃_j r̃_jᵀ‖²_F (x̂ unit norm)"
          testId="mean-error"
        />
        <FloorFigures analysisKey={analysis.key} meanError={summary.meanError} />
        <Figure
          name="variance explained"
          value={formatShare(summary.varianceExplained, 2)}
          title="1 − mean error / mean ‖X_i − X̄‖²_F, X_i = x̃x̃ᵀ"
          testId="variance-explained"
        />
        <Figure name="probe rows" value={formatCount(p.n)} title="Rows of the probe set" />
      </div>
      <FloorNote
        analysisKey={analysis.key}
        rank={analysis.nComposites}
        rows={p.n}
        onRetry={() => onNeedPcaFloor(true)}
      />
      <HistogramChart
        counts={hist.counts}
        lo={hist.lo}
        hi={hist.hi}
        xLabel="error per probe row"
        log
        title="Distribution of the reconstruction error over the probe rows"
        testId="error-histogram"
      />
      {probes && (
        <>
          <h3>Reconstructed worst</h3>
          <ol className="row-list" data-testid="worst-rows">
            {Array.from(summary.worstRows.slice(0, 10), (row) => (
              <li key={row}>
                <span className="num">{worstFormat(err[row] ?? NaN)}</span>{' '}
                <Context probes={probes} row={row} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The floor of this analysis, or null while it is not there (or belongs to another). */
function useFloor(analysisKey: string) {
  return useFloorStore(
    useShallow((s) =>
      s.analysisKey === analysisKey
        ? { floor: s.floor, status: s.status }
        : { floor: null, status: null },
    ),
  );
}

/** The PCA floor and the model's gap to it, beside the mean error. */
function FloorFigures({ analysisKey, meanError }: { analysisKey: string; meanError: number }) {
  const { floor, status } = useFloor(analysisKey);
  const title = floor
    ? `Mean error of the best rank-${floor.rank} linear reconstruction of x̃x̃ᵀ over the same rows: ${describeFloor(floor)}`
    : 'Mean error of the best rank-C linear reconstruction of x̃x̃ᵀ over the same rows (uncentred PCA)';
  const pending =
    status?.state === 'running'
      ? status.fraction === null
        ? '…'
        : `${Math.round(status.fraction * 100)}%`
      : '—';
  const gap = floor && floor.floor > 0 ? (meanError - floor.floor) / floor.floor : NaN;
  return (
    <>
      <Figure
        name={floor?.method === 'randomised' ? 'PCA floor (estimate)' : 'PCA floor'}
        value={floor ? formatSig(floor.floor, 5) : pending}
        title={title}
        testId="pca-floor"
        data={floor ? { 'data-value': String(floor.floor) } : undefined}
      />
      <Figure
        name="gap to the floor"
        value={Number.isFinite(gap) ? `${gap >= 0 ? '+' : ''}${formatShare(gap, 2)}` : '—'}
        title="(mean error − PCA floor) / PCA floor: how much worse the model is than the best linear reconstruction of the same rank"
        testId="pca-gap"
      />
    </>
  );
}

/** What the floor is, how it was computed (or why not), and its progress. */
function FloorNote({
  analysisKey,
  rank,
  rows,
  onRetry,
}: {
  analysisKey: string;
  rank: number;
  rows: number;
  onRetry: () => void;
}) {
  const { floor, status } = useFloor(analysisKey);
  return (
    <p className="hint" data-testid="pca-floor-note" data-state={floorState(floor, status)}>
      PCA floor: the error of the best rank-{rank} linear reconstruction of x̃x̃ᵀ over the same{' '}
      {formatCount(rows)} rows; no model with {rank} composites can go below it.{' '}
      {floor ? (
        <FloorMethod floor={floor} />
      ) : status?.state === 'running' ? (
        <>
          Computing ({status.phase.replace(/^PCA floor: /, '')}
          {etaText(status.etaMs) ? `, ${etaText(status.etaMs)}` : ''}).
        </>
      ) : status?.state === 'failed' || status?.state === 'cancelled' ? (
        <>
          {status.state === 'failed' ? `Not computed: ${status.error}.` : 'Cancelled.'}{' '}
          <button type="button" className="link" onClick={onRetry}>
            Compute it
          </button>
        </>
      ) : null}
    </p>
  );
}

function floorState(floor: PcaFloor | null, status: { state: string } | null): string {
  if (floor) return 'ready';
  return status?.state ?? 'idle';
}

function FloorMethod({ floor }: { floor: PcaFloor }) {
  const seconds = floor.ms / 1000;
  const time = seconds < 10 ? seconds.toFixed(1) : seconds.toFixed(0);
  const how =
    floor.method === 'randomised'
      ? `A randomised estimate (block Krylov on the ${formatCount(floor.dimension)}×${formatCount(floor.dimension)} Gram matrix, never formed): an upper bound on the floor.`
      : floor.method === 'trivial'
        ? `It is 0: C is at least the dimension of the inputs' span.`
        : floor.method === 'dense'
          ? `Exact: every eigenvalue of the ${formatCount(floor.dimension)}×${formatCount(floor.dimension)} ${floor.space === 'covariance' ? 'second moment' : 'Gram matrix'}, in float64.`
          : floor.converged
            ? `Top ${floor.rank} eigenvalues of the ${formatCount(floor.dimension)}×${formatCount(floor.dimension)} ${floor.space === 'covariance' ? 'second moment' : 'Gram matrix'} by block Lanczos (converged).`
            : `Block Lanczos did not converge within ${floor.basis} vectors: an upper bound.`;
  return (
    <span title={describeFloor(floor)}>
      {how} {floor.method === 'trivial' ? '' : `Computed in ${time} s.`}
    </span>
  );
}

function Ordering({ analysis, kind, name }: { analysis: Analysis; kind: string; name: string }) {
  const curve = useMemo(() => prefixCurve(analysis), [analysis]);
  const { prefixK, setPrefixK } = usePanelStore(
    useShallow((s) => ({ prefixK: s.prefixK, setPrefixK: s.setPrefixK })),
  );
  const setView = useViewStore((s) => s.setView);
  const C = analysis.nComposites;
  if (curve.length === 0) {
    return (
      <section className="card" aria-labelledby="card-order">
        <h2 id="card-order">Importance ordering</h2>
        <p className="muted">Needs a probe set and the decoder Gram matrix.</p>
      </section>
    );
  }
  const trained = analysis.probes?.prefixBasis === 'trained';
  const k = prefixK ?? C;
  const at = curve[Math.min(C, Math.max(1, k)) - 1];
  return (
    <section className="card" aria-labelledby="card-order">
      <div className="row">
        <h2 id="card-order" style={{ flex: 1 }}>
          Importance ordering
        </h2>
        <ExportButton
          label="Export the prefix curve as CSV"
          file={`${fileStem(name)}-prefix-curve.csv`}
          header={['k', 'composite_added', 'mean_error']}
          rows={curve.length}
          cell={(r, c) => {
            const p = curve[r];
            return c === 0 ? (p?.k ?? r + 1) : c === 1 ? (p?.composite ?? -1) : (p?.error ?? NaN);
          }}
        />
      </div>
      <p className="hint" data-testid="prefix-basis">
        {trained
          ? `Error using only the first k composites, in the order the ${kind} model was trained to rank them.`
          : `This ${kind} model has no trained order: composites are sorted by importance (‖B_k‖²_F), so models can be compared.`}
      </p>
      <LineChart
        xs={curve.map((p) => p.k)}
        ys={curve.map((p) => p.error)}
        xLabel="prefix length k"
        yLabel="mean error"
        title="Mean reconstruction error using only the first k composites"
        marker={prefixK}
        integerX
        onPick={(x) => setPrefixK(Math.max(1, Math.min(C, Math.round(x))))}
        testId="prefix-curve"
      />
      <div className="row">
        <label htmlFor="prefix-k">k</label>
        <input
          id="prefix-k"
          type="range"
          min={1}
          max={C}
          value={k}
          onChange={(e) => setPrefixK(Number(e.target.value))}
          aria-label="Prefix length k applied to the atlas"
          data-testid="prefix-slider"
        />
        <span className="num" data-testid="prefix-value">
          k = {k}: error {formatSig(at?.error ?? NaN, 5)}
        </span>
        <button type="button" onClick={() => setPrefixK(null)} disabled={prefixK === null}>
          Clear
        </button>
        <button
          type="button"
          onClick={() => setView({ kind: 'atlas' })}
          disabled={prefixK === null}
        >
          Show in atlas
        </button>
      </div>
      <p className="hint">In the atlas, composites beyond the first k are dimmed.</p>
    </section>
  );
}

function Sparsity({ analysis, name }: { analysis: Analysis; name: string }) {
  const p = analysis.probes;
  const { deadShare, setDeadShare } = usePanelStore(
    useShallow((s) => ({ deadShare: s.deadShare, setDeadShare: s.setDeadShare })),
  );
  const hist = useMemo(() => (p ? histogram(p.featureDensity, BINS, 0, 1) : null), [p]);
  const dead = useMemo(() => (p ? deadFeatures(p.featureMaxAbs, deadShare) : null), [p, deadShare]);
  if (!p || !hist || !dead) {
    return (
      <section className="card" aria-labelledby="card-sparsity">
        <h2 id="card-sparsity">Sparsity</h2>
        <p className="muted">Needs a probe set.</p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="card-sparsity">
      <div className="row">
        <h2 id="card-sparsity" style={{ flex: 1 }}>
          Sparsity of the features
        </h2>
        <ExportButton
          label="Export every feature's density and max |f| as CSV"
          file={`${fileStem(name)}-features.csv`}
          header={['feature', 'hoyer_density', 'max_abs_f', 'dead']}
          rows={p.featureDensity.length}
          cell={(r, c) =>
            c === 0
              ? r
              : c === 1
                ? (p.featureDensity[r] ?? NaN)
                : c === 2
                  ? (p.featureMaxAbs[r] ?? NaN)
                  : (p.featureMaxAbs[r] ?? 0) <= dead.threshold
                    ? 1
                    : 0
          }
        />
      </div>
      <HistogramChart
        counts={hist.counts}
        lo={0}
        hi={1}
        xLabel="Hoyer density of f_j over the probe rows"
        title="Distribution of the encoder features' Hoyer density"
        testId="density-histogram"
      />
      <div className="stat-grid">
        <Figure
          name="dead features"
          value={`${dead.ids.length} of ${p.featureMaxAbs.length}`}
          title={`Features whose |f_j| never exceeds ${formatSig(dead.threshold)} on the probe set`}
          testId="dead-count"
        />
      </div>
      <label className="row" htmlFor="dead-share">
        Dead when max |f_j| ≤
        <select
          id="dead-share"
          value={deadShare}
          onChange={(e) => setDeadShare(Number(e.target.value))}
          aria-label="Dead-feature threshold, relative to the largest |f| of any feature"
        >
          {[1e-6, 1e-4, 1e-3, 1e-2, 5e-2].map((s) => (
            <option key={s} value={s}>
              {s.toExponential(0)} × the largest max |f|
            </option>
          ))}
        </select>
      </label>
      <p className="hint">
        Features that never fire above the threshold on this probe set: they take part in no
        reconstruction here.
      </p>
    </section>
  );
}

function Sharing({
  analysis,
  probes,
  name,
  onNeedFeatures,
}: {
  analysis: Analysis;
  probes: ProbeSet | null;
  name: string;
  onNeedFeatures: (features: number[]) => void;
}) {
  const readers = analysis.featureReaders!;
  const hist = useMemo(() => {
    let max = 0;
    for (const v of readers) max = Math.max(max, v);
    return histogram(readers, Math.min(BINS, max + 1), -0.5, max + 0.5);
  }, [readers]);
  const shared = useMemo(
    () =>
      Array.from(readers, (n, j) => [n, j] as const)
        .sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .slice(0, SHARED_SHOWN)
        .map(([, j]) => j),
    [readers],
  );
  const details = useFeatureStore((s) => s.details);
  const setView = useViewStore((s) => s.setView);
  useEffect(() => onNeedFeatures(shared), [shared, onNeedFeatures]);
  return (
    <section className="card" aria-labelledby="card-sharing">
      <div className="row">
        <h2 id="card-sharing" style={{ flex: 1 }}>
          Features shared by composites
        </h2>
        <ExportButton
          label="Export how many composites read each feature as CSV"
          file={`${fileStem(name)}-feature-readers.csv`}
          header={['feature', 'composites_reading']}
          rows={readers.length}
          cell={(r, c) => (c === 0 ? r : (readers[r] ?? 0))}
        />
      </div>
      <p className="hint">A composite reads feature j when |D_kj| ≥ 10% of its largest |D_k·|.</p>
      <HistogramChart
        counts={hist.counts}
        lo={hist.lo}
        hi={hist.hi}
        xLabel="composites reading a feature"
        log
        integerX
        title="How many composites read each encoder feature"
        testId="sharing-histogram"
      />
      <h3>Most shared</h3>
      <ul className="row-list" data-testid="shared-features">
        {shared.map((j) => {
          const d = details[j];
          return (
            <li key={j}>
              <strong>feature {j}</strong> · read by {readers[j]}
              {d && (
                <>
                  {' '}
                  · most by{' '}
                  {Array.from(d.readers.slice(0, 4), (k) => (
                    <button
                      key={k}
                      type="button"
                      className="link"
                      onClick={() => setView({ kind: 'latent', composite: compositeId(k) })}
                    >
                      #{k}
                    </button>
                  ))}
                  {probes && d.topRows.length > 0 && (
                    <div className="hint">
                      fires on: <Context probes={probes} row={d.topRows[0] ?? 0} />
                      {d.topRows.length > 1 && (
                        <>
                          {', '}
                          <Context probes={probes} row={d.topRows[1] ?? 0} />
                        </>
                      )}
                    </div>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
