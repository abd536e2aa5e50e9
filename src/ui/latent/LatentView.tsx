// One composite in detail: header and statistics, spectrum (click a bar to plot it), firing
// histogram, neighbours, top activations and the 3-D manifold of the probe rows that fire it
// most. Reads the analysis (engine store), the detail (latent store, requested by
// src/app/latentJob) and the view settings; the app supplies the 3-D canvas (`manifold` slot),
// which stays mounted across composites.
import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { assignAxis } from '../../core/manifoldPoints';
import { spectrumCsv } from '../../core/csvExport';
import { maxAbsOf } from '../../core/colorScale';
import { displayLine } from '../../core/tokenText';
import { useAppStore } from '../../state/appStore';
import { useEngineStore } from '../../state/engineStore';
import { useLatentStore } from '../../state/latentStore';
import { useViewStore } from '../../state/viewStore';
import { downloadText, fileStem } from '../download';
import { FiringHistogram } from './FiringHistogram';
import { LatentHeader } from './LatentHeader';
import { ManifoldPane, type ManifoldSlot } from './ManifoldPane';
import { NeighbourList } from './NeighbourList';
import { SpectrumChart } from './SpectrumChart';
import { TopActivations } from './TopActivations';
import { formatValue } from './format';
import {
  activationRows,
  compositeValues,
  latentManifold,
  latentPointsCsv,
  neighboursOf,
  plottedShare,
  probeText,
} from './latentData';
import { useViewKeys } from './useViewKeys';
import { ManifoldCsvView } from './ManifoldCsvView';
import { Wiring } from './Wiring';
import './latent.css';

/** Characters of a pinned point's label before it is clipped. */
const PIN_CHARS = 32;
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number) => String(n).replace(/\d/g, (d) => SUBSCRIPT[Number(d)] ?? d);

/** `composite` null shows the opened manifold CSV instead. */
export function LatentView({
  composite,
  manifold,
  onNeedFeatures,
}: {
  composite: number | null;
  manifold: ManifoldSlot;
  /** Asks the app to fetch encoder-feature details (the wiring section). */
  onNeedFeatures: (features: number[]) => void;
}) {
  if (composite === null) return <ManifoldCsvView manifold={manifold} />;
  return (
    <CompositeView composite={composite} manifold={manifold} onNeedFeatures={onNeedFeatures} />
  );
}

function CompositeView({
  composite: k,
  manifold,
  onNeedFeatures,
}: {
  composite: number;
  manifold: ManifoldSlot;
  onNeedFeatures: (features: number[]) => void;
}) {
  const analysis = useEngineStore((s) => s.analysis);
  const engineStatus = useEngineStore((s) => s.status);
  const probes = useAppStore((s) => s.open?.probes ?? null);
  const modelName = useAppStore((s) => s.open?.model.name ?? 'model');
  const model = useAppStore((s) => s.open?.model ?? null);
  const latent = useLatentStore(
    useShallow((s) => ({
      detail: s.detail,
      detailAnalysisKey: s.detailAnalysisKey,
      status: s.status,
      error: s.error,
    })),
  );
  const { axes, pointCount, pinned, setView, patch } = useViewStore(
    useShallow((s) => ({
      axes: s.axes,
      pointCount: s.pointCount,
      pinned: s.pinned,
      setView: s.setView,
      patch: s.patch,
    })),
  );
  const C = analysis?.nComposites ?? 0;
  const go = useCallback((c: number) => setView({ kind: 'latent', composite: c }), [setView]);
  const back = useCallback(() => setView({ kind: 'atlas' }), [setView]);
  useViewKeys({
    prev: k > 0 ? () => go(k - 1) : null,
    next: k < C - 1 ? () => go(k + 1) : null,
    back,
  });

  // The newest detail of this analysis; while the next one loads it is stale (dimmed, kept).
  const detail = analysis && latent.detailAnalysisKey === analysis.key ? latent.detail : null;
  const current = detail && detail.composite === k && latent.status === 'ready' ? detail : null;
  const stale = !current;
  const data = useMemo(
    () => (analysis && detail ? latentManifold(analysis, detail, pointCount) : null),
    [analysis, detail, pointCount],
  );
  const h = useMemo(() => (analysis ? compositeValues(analysis, k) : null), [analysis, k]);
  const rows = useMemo(() => {
    const p = analysis?.probes;
    if (!p || !probes || !h) return null;
    return {
      top: activationRows(probes, h, p.topRows, k, p.topK),
      bottom: activationRows(probes, h, p.bottomRows, k, p.topK),
    };
  }, [analysis, probes, h, k]);

  const describe = useCallback(
    (row: number, index: number) =>
      probes ? probeText(probes, row, data?.values[index] ?? NaN) : emptyText(row),
    [probes, data],
  );
  const pinText = useCallback(
    (row: number) => {
      const token = probes ? probeText(probes, row, NaN).token : '';
      return token === '' ? `row ${row}` : displayLine(token.trim() || token, PIN_CHARS);
    },
    [probes],
  );
  const togglePin = useCallback(
    (row: number) =>
      patch({ pinned: pinned.includes(row) ? pinned.filter((r) => r !== row) : [...pinned, row] }),
    [patch, pinned],
  );

  if (!analysis) {
    return (
      <div className="empty" data-testid="latent-waiting">
        {engineStatus === 'error'
          ? 'The analysis failed; run it again from the Engine menu.'
          : 'Composite ' + k + ' appears when the engine has analysed the model.'}
      </div>
    );
  }
  if (!Number.isInteger(k) || k < 0 || k >= C) {
    return (
      <div className="empty" role="alert" data-testid="latent-missing">
        Composite {k} does not exist in this model (it has 0–{C - 1}).{' '}
        <button type="button" onClick={back}>
          ← Atlas
        </button>
      </div>
    );
  }

  const K = analysis.spectrumK;
  const spectrum = current ? current.values : analysis.spectra.subarray(k * K, (k + 1) * K);
  const shownAxes = (current?.axes ?? axes) as [number, number, number];
  const plotted = data && detail ? detail.axes : shownAxes;
  const axisLegend = plotted.map(
    (a, i) => `${'xyz'[i]} = u${sub(a + 1)} (λ ${formatValue(detail?.values[a] ?? NaN)})`,
  );
  const stem = `${fileStem(modelName)}-composite-${k}`;
  const hist = analysis.probes?.histogram;
  const colorMaxAbs = h ? maxAbsOf(h) : 0;
  const message =
    !probes || !analysis.probes
      ? 'No probe set: open one (Open model → Local files) to see which inputs fire this composite and their manifold.'
      : latent.status === 'error' && !current
        ? `Could not compute this composite's detail: ${latent.error ?? 'unknown error'}`
        : null;

  return (
    <div
      className="latent-view"
      data-testid="latent-view"
      data-state={current ? 'ready' : latent.status}
    >
      <div className="latent-info">
        <LatentHeader
          composite={k}
          analysis={analysis}
          plottedShare={plottedShare(current)}
          onPrev={k > 0 ? () => go(k - 1) : null}
          onNext={k < C - 1 ? () => go(k + 1) : null}
          onBack={back}
        />
        <SpectrumChart
          values={spectrum}
          complete={!!current || analysis.spectrumComplete}
          axes={shownAxes}
          onAssign={(slot, index) => patch({ axes: assignAxis(axes, slot, index), camera: null })}
          onExport={
            current
              ? () =>
                  downloadText(`${stem}-spectrum.csv`, spectrumCsv(current.values, current.axes))
              : null
          }
        />
        {hist && (
          <FiringHistogram
            counts={hist.counts.subarray(k * hist.bins, (k + 1) * hist.bins)}
            lo={hist.lo[k] ?? 0}
            hi={hist.hi[k] ?? 0}
            colorMaxAbs={colorMaxAbs}
            valueLabel="h (composite value)"
            title="Firing histogram"
          />
        )}
        <NeighbourList neighbours={neighboursOf(analysis, k)} onOpen={go} />
        {model?.down && (
          <Wiring
            composite={k}
            down={model.down}
            nFeatures={model.nFeatures}
            probes={probes}
            onNeedFeatures={onNeedFeatures}
            onOpenComposite={go}
          />
        )}
      </div>
      <ManifoldPane
        slot={manifold}
        data={data}
        stale={stale}
        message={message}
        axisLabels={
          [0, 1, 2].map((i) => `${'xyz'[i]} · u${sub((plotted[i] ?? 0) + 1)}`) as [
            string,
            string,
            string,
          ]
        }
        axisLegend={axisLegend}
        valueLabel="h"
        describe={describe}
        pinText={pinText}
        pointCountMax={analysis.probes?.n ?? null}
        exportStem={stem}
        onExportPoints={
          data && probes
            ? () => downloadText(`${stem}-points.csv`, latentPointsCsv(data, probes))
            : null
        }
        label={`Manifold of composite ${k}`}
      />
      <div className="latent-acts">
        {rows ? (
          <TopActivations top={rows.top} bottom={rows.bottom} pinned={pinned} onPin={togglePin} />
        ) : (
          <p className="muted">No probe set, so no activations to show.</p>
        )}
      </div>
    </div>
  );
}

function emptyText(row: number) {
  return { before: '', token: `row ${row}`, after: '', value: NaN, valueLabel: 'h', meta: '' };
}
