// One composite in detail: header and statistics, spectrum (click a bar to plot it), firing
// histogram, neighbours, top activations and the 3-D manifold of the probe rows that fire it
// most. Reads the analysis (engine store), the detail (latent store, requested by
// src/app/latentJob) and the view settings; the app supplies the 3-D canvas (`manifold` slot),
// which stays mounted across composites.
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { assignAxis } from '../../core/manifoldPoints';
import { spectrumCsv } from '../../core/csvExport';
import { compositeId, type ProbeRow } from '../../core/ids';
import { statusAttr } from '../../core/job';
import { firingToken } from '../../core/labels';
import { rowsDigest } from '../../core/manifold/sample';
import { circlePlane } from '../../core/shape/diagnostics';
import { formatCount, formatShare } from '../../core/numberFormat';
import { probeRowText } from '../../core/probes';
import { displayText } from '../../core/tokenText';
import type { CameraCommand } from '../../scene/manifold/types';
import { useAppStore } from '../../state/appStore';
import { useEngineStore } from '../../state/engineStore';
import { useLatentStore } from '../../state/latentStore';
import { useViewStore } from '../../state/viewStore';
import { downloadText, fileStem } from '../download';
import { useMediaQuery } from '../useMediaQuery';
import { FiringHistogram } from './FiringHistogram';
import { LatentHeader } from './LatentHeader';
import { ManifoldPane, type ManifoldSlot } from './ManifoldPane';
import { NeighbourList } from './NeighbourList';
import { SpectrumChart } from './SpectrumChart';
import { TopActivations } from './TopActivations';
import { NoProbes } from '../probes/NoProbes';
import { formatValue } from './format';
import {
  activationRows,
  compositeValues,
  latentManifold,
  latentPointsCsv,
  plottedShare,
  probeText,
} from './latentData';
import { useViewKeys } from './useViewKeys';
import { ManifoldCsvView } from './ManifoldCsvView';
import { ExplorerLatentView } from './ExplorerLatentView';
import { useExplorerStore } from '../../state/explorerStore';
import { SelectionPanel } from './SelectionPanel';
import { ShapePanel } from './ShapePanel';
import { useManifoldFocus } from './manifoldFocus';
import { manifoldDisplay, valueColor } from './manifoldDisplay';
import { Wiring } from './Wiring';
import './latent.css';

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';
/** The width below which the view has two columns (keep in step with latent.css). */
const NARROW_QUERY = '(max-width: 1100px)';
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
    <WithExplorer composite={composite} manifold={manifold}>
      <CompositeView composite={composite} manifold={manifold} onNeedFeatures={onNeedFeatures} />
    </WithExplorer>
  );
}

/** A latent of the paper explorer's data has its own view (no weights, its own points). */
function WithExplorer({
  composite,
  manifold,
  children,
}: {
  composite: number;
  manifold: ManifoldSlot;
  children: ReactNode;
}) {
  const explorer = useExplorerStore((s) => s.index !== null);
  const analysis = useEngineStore((s) => s.analysis);
  if (explorer && analysis) {
    return <ExplorerLatentView composite={composite} analysis={analysis} manifold={manifold} />;
  }
  return children;
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
    query,
    selection,
    setView,
    patch,
  } = useViewStore(
    useShallow((s) => ({
      axes: s.axes,
      pointCount: s.pointCount,
      pinned: s.pinned,
      manifold: s.manifold,
      query: s.manifoldQuery,
      selection: s.manifoldSelection,
      setView: s.setView,
      patch: s.patch,
    })),
  );
  const [listHover, setListHover] = useState<ProbeRow | null>(null);
  const [clusterLabels, setClusterLabels] = useState<Int32Array | null>(null);
  const [clusterColours, setClusterColours] = useState(false);
  const [command, setCommand] = useState<CameraCommand | null>(null);
  const actsRef = useRef<HTMLDivElement>(null);
  // Below 1,100 px the activations go under the statistics in one scrolling column (latent.css),
  // so the stage keeps the full height and no panel is cut to a small box.
  const narrow = useMediaQuery(NARROW_QUERY);
  const C = analysis?.nComposites ?? 0;
  const go = useCallback(
    (c: number) => setView({ kind: 'latent', composite: compositeId(c) }),
    [setView],
  );
  const back = useCallback(() => setView({ kind: 'atlas' }), [setView]);
  // "Open this input": the hovered point's row (key I, as its hover card says) or a list row.
  const hoveredRow = useRef<ProbeRow | null>(null);
  const openInput = useCallback(
    (row: ProbeRow) => setView({ kind: 'row', input: { source: 'probe', row } }),
    [setView],
  );
  useViewKeys({
    prev: k > 0 ? () => go(k - 1) : null,
    next: k < C - 1 ? () => go(k + 1) : null,
    back,
    openInput: () => {
      if (hoveredRow.current !== null) openInput(hoveredRow.current);
    },
  });

  // The newest detail; while the next one loads it is stale (dimmed, kept).
  const detail = latent.detail;
  const current =
    detail && detail.composite === k && latent.status.state === 'done' ? detail : null;
  const stale = !current;
  const eigenData = useMemo(
    () =>
      analysis && detail ? latentManifold(analysis, detail, pointCount, settings.sampling) : null,
    [analysis, detail, pointCount, settings.sampling],
  );
  // The best view, once the engine has placed these rows (until then: the eigenvector axes).
  const best = useLatentStore((s) => s.best);
  const bestView =
    settings.projection.kind === 'best' &&
    best !== null &&
    eigenData !== null &&
    best.composite === k &&
    best.rows === rowsDigest(eigenData.rows)
      ? best
      : null;
  const data = useMemo(() => {
    if (!eigenData || !bestView) return eigenData;
    const v = bestView.variances;
    return {
      ...eigenData,
      version: `${eigenData.version}|best|${bestView.key}`,
      positions: bestView.coords,
      axisSigns: [0, 0, 0] as [number, number, number],
      axisLambdas: [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0] as [number, number, number],
    };
  }, [eigenData, bestView]);
  const searchText = useMemo(() => {
    if (!data || !probes) return null;
    return (i: number) => probeRowText(probes, data.rows[i] ?? 0);
  }, [data, probes]);
  const focus = useManifoldFocus(data, searchText, query, selection);
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
      focus: focus.focus,
      clusters: clusterColours ? clusterLabels : null,
    });
  }, [data, probes, analysis, settings, pinned, focus.focus, clusterColours, clusterLabels]);
  const focusIndices = useMemo(() => {
    const f = focus.focus;
    if (!f) return null;
    const out: number[] = [];
    for (let i = 0; i < f.length; i++) if (f[i]) out.push(i);
    return Int32Array.from(out);
  }, [focus.focus]);
  const shapeToken = useCallback(
    (i: number) => (probes && data ? firingToken(probes, data.rows[i] ?? 0) : ''),
    [probes, data],
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
    hoveredRow.current = row;
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
  const axisLegend = bestView
    ? [
        `best view: weighted PCA of ${formatCount(bestView.fitCount)} ${
          settings.projection.kind === 'best' && settings.projection.of === 'selected'
            ? 'matching / selected'
            : 'shown'
        } points in span(u₁…u${sub(bestView.k)}), captures ${formatShare(bestView.captured)}`,
      ]
    : plotted.map(
        (a, i) => `${'xyz'[i]} = u${sub(a + 1)} (λ ${formatValue(detail?.values[a] ?? NaN)})`,
      );
  const axisLabels = (
    bestView
      ? ['pc₁', 'pc₂', 'pc₃']
      : [0, 1, 2].map((i) => `${'xyz'[i]} · u${sub((plotted[i] ?? 0) + 1)}`)
  ) as [string, string, string];
  const stem = `${fileStem(modelName)}-composite-${k}`;
  const hist = analysis.probes?.histogram;
  const message =
    !probes || !analysis.probes ? (
      <NoProbes
        needs="This composite's manifold, and which inputs fire it,"
        testId="no-probes-manifold"
      />
    ) : latent.status.state === 'failed' && !current ? (
      `Could not compute this composite's detail: ${latent.status.error}`
    ) : null;

  const acts = (
    <div className="latent-acts-list" ref={actsRef}>
      {data && probes && focus.selected.length > 0 && (
        <SelectionPanel
          indices={focus.selected}
          rows={data.rows}
          values={data.values}
          describe={describe}
          tokenOf={(i) => firingToken(probes, data.rows[i] ?? 0)}
          predictedOf={null}
          valueLabel="h"
          pinned={pinned}
          onPin={togglePin}
          onExport={() =>
            downloadText(`${stem}-selection.csv`, latentPointsCsv(data, probes, focus.selected))
          }
          onClear={() => patch({ manifoldSelection: [] })}
        />
      )}
      {data && probes && current && (
        <ShapePanel
          data={data}
          plane={circlePlane(data.axisLambdas, data.positions, data.count, data.values)}
          axisNames={axisLabels}
          focus={focusIndices}
          tokenOf={shapeToken}
          diagnose={manifold.diagnose}
          onClusters={setClusterLabels}
          clusterColours={clusterColours}
          onClusterColours={setClusterColours}
          exportStem={stem}
        />
      )}
      {rows ? (
        <TopActivations
          top={rows.top}
          bottom={rows.bottom}
          pinned={pinned}
          onPin={togglePin}
          onHover={setListHover}
          onOpenInput={openInput}
        />
      ) : (
        <NoProbes needs="Top activations" plural compact testId="no-probes-top" />
      )}
    </div>
  );
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
        <NeighbourList analysis={analysis} composite={k} onOpen={go} />
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
        {narrow && acts}
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
        axisLabels={axisLabels}
        axisLegend={axisLegend}
        valueLabel="h"
        describe={describe}
        pointCountMax={analysis.probes?.n ?? null}
        colorOptions={{ position: (probes?.window ?? 1) > 1, composites: C }}
        reprojectable
        command={command}
        highlight={listHover}
        onHoverRow={onHoverRow}
        focus={focus}
        exportStem={stem}
        onExportPoints={
          data && probes
            ? () => downloadText(`${stem}-points.csv`, latentPointsCsv(data, probes))
            : null
        }
        label={`Manifold of composite ${k}`}
      />
      {!narrow && <div className="latent-acts">{acts}</div>}
    </div>
  );
}

function emptyText(row: number) {
  return { before: '', token: `row ${row}`, after: '', value: NaN, valueLabel: 'h', meta: '' };
}
