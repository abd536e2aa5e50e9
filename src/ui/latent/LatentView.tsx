// One composite in detail: header and statistics, spectrum (click a bar to plot it), firing
// histogram, neighbours, top activations and the 3-D manifold of the probe rows that fire it
// most. Reads the analysis (engine store), the detail (latent store, requested by
// src/app/latentJob) and the view settings; the app supplies the 3-D canvas (`manifold` slot),
// which stays mounted across composites.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { assignAxis } from '../../core/manifoldPoints';
import { spectrumCsv } from '../../core/csvExport';
import { compositeId, type ProbeRow } from '../../core/ids';
import { statusAttr } from '../../core/job';
import { firingToken } from '../../core/labels';
import { displayText } from '../../core/tokenText';
import type { CameraCommand } from '../../scene/manifold/types';
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
import { manifoldDisplay, valueColor } from './manifoldDisplay';
import { Wiring } from './Wiring';
import './latent.css';

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
  const latent = useLatentStore(useShallow((s) => ({ detail: s.detail, status: s.status })));
  const {
    axes,
    pointCount,
    pinned,
    manifold: settings,
    setView,
    patch,
  } = useViewStore(
    useShallow((s) => ({
      axes: s.axes,
      pointCount: s.pointCount,
      pinned: s.pinned,
      manifold: s.manifold,
      setView: s.setView,
      patch: s.patch,
    })),
  );
  const [listHover, setListHover] = useState<ProbeRow | null>(null);
  const [command, setCommand] = useState<CameraCommand | null>(null);
  const actsRef = useRef<HTMLDivElement>(null);
  const C = analysis?.nComposites ?? 0;
  const go = useCallback(
    (c: number) => setView({ kind: 'latent', composite: compositeId(c) }),
    [setView],
  );
  const back = useCallback(() => setView({ kind: 'atlas' }), [setView]);
  useViewKeys({
    prev: k > 0 ? () => go(k - 1) : null,
    next: k < C - 1 ? () => go(k + 1) : null,
    back,
  });

  // The newest detail; while the next one loads it is stale (dimmed, kept).
  const detail = latent.detail;
  const current =
    detail && detail.composite === k && latent.status.state === 'done' ? detail : null;
  const stale = !current;
  const data = useMemo(
    () =>
      analysis && detail ? latentManifold(analysis, detail, pointCount, settings.sampling) : null,
    [analysis, detail, pointCount, settings.sampling],
  );
  const display = useMemo(() => {
    if (!data || !probes || !analysis) return null;
    const by = settings.colorBy;
    const other =
      by.kind === 'composite' && by.composite < analysis.nComposites
        ? compositeValues(analysis, by.composite)
        : null;
    return manifoldDisplay({
      data,
      settings,
      tokenOf: (i) => displayText(firingToken(probes, data.rows[i] ?? 0), 'alone'),
      rawTokenOf: (i) => firingToken(probes, data.rows[i] ?? 0),
      positionOf:
        probes.window > 1 ? (i) => probes.position[data.rows[i] ?? 0] ?? probes.window - 1 : null,
      otherValues: other ? Float32Array.from(data.rows, (r) => other[r] ?? NaN) : null,
      pinned,
    });
  }, [data, probes, analysis, settings, pinned]);
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
  // Clicking a list row pins its point (or unpins it) and eases the camera to it.
  const seq = useRef(0);
  const togglePin = useCallback(
    (row: ProbeRow) => {
      const wasPinned = pinned.includes(row);
      patch({ pinned: wasPinned ? pinned.filter((r) => r !== row) : [...pinned, row] });
      if (!wasPinned) setCommand({ seq: 1e6 + ++seq.current, kind: 'row', row });
    },
    [patch, pinned],
  );
  // The point hovered in the canvas marks its row in the lists (imperatively: no re-render).
  const onHoverRow = useCallback((row: ProbeRow | null) => {
    const root = actsRef.current;
    if (!root) return;
    for (const el of root.querySelectorAll('.act-row.hovered')) el.classList.remove('hovered');
    if (row !== null) {
      for (const el of root.querySelectorAll(`.act-row[data-row="${row}"]`)) {
        el.classList.add('hovered');
      }
    }
  }, []);

  if (!analysis) {
    return (
      <div className="empty" data-testid="latent-waiting">
        {engineStatus.state === 'failed'
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
  const message =
    !probes || !analysis.probes
      ? 'No probe set: open one (Open model → Local files) to see which inputs fire this composite and their manifold.'
      : latent.status.state === 'failed' && !current
        ? `Could not compute this composite's detail: ${latent.status.error}`
        : null;

  return (
    <div
      className="latent-view"
      data-testid="latent-view"
      data-state={current ? 'ready' : statusAttr(latent.status)}
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
            colorOf={valueColor(display, h)}
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
        display={display}
        stale={stale}
        message={message}
        progress={
          !current && latent.status.state === 'running'
            ? `Composite ${k}: ${latent.status.phase.toLowerCase()}…`
            : null
        }
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
        pointCountMax={analysis.probes?.n ?? null}
        colorOptions={{ position: (probes?.window ?? 1) > 1, composites: C }}
        command={command}
        highlight={listHover}
        onHoverRow={onHoverRow}
        exportStem={stem}
        onExportPoints={
          data && probes
            ? () => downloadText(`${stem}-points.csv`, latentPointsCsv(data, probes))
            : null
        }
        label={`Manifold of composite ${k}`}
      />
      <div className="latent-acts" ref={actsRef}>
        {rows ? (
          <TopActivations
            top={rows.top}
            bottom={rows.bottom}
            pinned={pinned}
            onPin={togglePin}
            onHover={setListHover}
          />
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
