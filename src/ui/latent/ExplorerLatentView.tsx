// One latent of a folder in the paper explorer's layout: its header and statistics (from
// index.feather), its spectrum (eigvals), firing histogram and neighbours (latent_NNNNN.json),
// the contexts where it fires most and its manifold (latent_NNNNN.feather: x, y, z on the
// three largest-|λ| eigenvectors, coloured by h). Reads the explorer store, which the analysis
// session fills on demand. What needs the weights (other axes, the best view, the wiring, your
// own rows) says it is unavailable for such data.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Analysis } from '../../core/analysis';
import { spectrumCsv } from '../../core/csvExport';
import { NO_WEIGHTS } from '../../core/explorer/analysis';
import { latentPointContext, type ExplorerLatent } from '../../core/explorer/read';
import { compositeId, probeRow, type ProbeRow } from '../../core/ids';
import type { ManifoldData, PointText } from '../../core/manifoldPoints';
import { formatSimilarity } from '../../core/numberFormat';
import { displayText } from '../../core/tokenText';
import type { CameraCommand } from '../../scene/manifold/types';
import { useExplorerStore } from '../../state/explorerStore';
import { labelOf, useLabelStore } from '../../state/labelStore';
import { useViewStore } from '../../state/viewStore';
import { downloadText, fileStem } from '../download';
import { TokenText } from '../TokenText';
import { FiringHistogram } from './FiringHistogram';
import { formatValue } from './format';
import { LatentHeader } from './LatentHeader';
import { useManifoldFocus } from './manifoldFocus';
import { manifoldDisplay, valueColor } from './manifoldDisplay';
import { ManifoldPane, type ManifoldSlot } from './ManifoldPane';
import { ActivationRow } from './ActivationRow';
import { SpectrumChart } from './SpectrumChart';
import { useViewKeys } from './useViewKeys';
import './latent.css';

/** Contexts listed (by descending h). */
const TOP_CONTEXTS = 16;
const AXES = [0, 1, 2] as const;
/** Camera commands from the contexts list, numbered apart from the pane's own. */
let pinSeq = 0;
const NO_VOCAB: readonly (string | undefined)[] = [];

export function ExplorerLatentView({
  composite: k,
  analysis,
  manifold,
}: {
  composite: number;
  analysis: Analysis;
  manifold: ManifoldSlot;
}) {
  const { index, latent, status, requested } = useExplorerStore(
    useShallow((s) => ({
      index: s.index,
      latent: s.latent,
      status: s.status,
      requested: s.requested,
    })),
  );
  const { setView, settings, pinned, query, selection, patch } = useViewStore(
    useShallow((s) => ({
      setView: s.setView,
      settings: s.manifold,
      pinned: s.pinned,
      query: s.manifoldQuery,
      selection: s.manifoldSelection,
      patch: s.patch,
    })),
  );
  const labels = useLabelStore(useShallow((s) => ({ auto: s.auto, user: s.user })));
  const [listHover, setListHover] = useState<ProbeRow | null>(null);
  const [command, setCommand] = useState<CameraCommand | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const C = analysis.nComposites;
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

  const current: ExplorerLatent | null = latent && latent.id === k ? latent : null;
  const shown = current ?? latent;
  const vocab = index?.vocab.text ?? NO_VOCAB;
  const contextOf = useCallback(
    (l: ExplorerLatent, i: number) => latentPointContext(l, vocab, i),
    [vocab],
  );
  const data = useMemo<ManifoldData | null>(() => {
    if (!shown) return null;
    return {
      version: `explorer|${shown.id}|${shown.n}`,
      count: shown.n,
      positions: shown.xyz,
      values: shown.h,
      rows: Int32Array.from({ length: shown.n }, (_, i) => i),
      axisSigns: [0, 0, 0],
      axisLambdas: [shown.values[0] ?? 0, shown.values[1] ?? 0, shown.values[2] ?? 0],
    };
  }, [shown]);
  const searchText = useMemo(() => {
    if (!shown) return null;
    return (i: number) => {
      const c = contextOf(shown, i);
      return c.before + c.token + c.after;
    };
  }, [shown, contextOf]);
  const focus = useManifoldFocus(data, searchText, query, selection);
  const display = useMemo(() => {
    if (!shown || !data) return null;
    return manifoldDisplay({
      data,
      settings,
      tokenOf: (i) => displayText(contextOf(shown, i).token, 'alone'),
      rawTokenOf: (i) => contextOf(shown, i).token,
      positionOf: null,
      otherValues: null,
      pinned,
      focus: focus.focus,
      clusters: null,
    });
  }, [shown, data, settings, pinned, focus.focus, contextOf]);
  const describe = useCallback(
    (row: number): PointText => {
      if (!shown)
        return { before: '', token: '', after: '', value: NaN, valueLabel: 'h', meta: '' };
      const c = contextOf(shown, row);
      return {
        ...c,
        value: shown.h[row] ?? NaN,
        valueLabel: 'h / max |h|',
        meta: `point ${row} of latent ${shown.id}`,
      };
    },
    [shown, contextOf],
  );
  const top = useMemo(() => {
    if (!current) return [];
    const order = Array.from({ length: current.n }, (_, i) => i);
    order.sort((a, b) => (current.h[b] ?? 0) - (current.h[a] ?? 0) || a - b);
    return order.slice(0, TOP_CONTEXTS);
  }, [current]);
  const togglePin = useCallback(
    (row: ProbeRow) => {
      const cur = useViewStore.getState().pinned;
      const was = cur.includes(row);
      patch({ pinned: was ? cur.filter((r) => r !== row) : [...cur, row] });
      if (!was) setCommand({ seq: 1e6 + ++pinSeq, kind: 'row', row });
    },
    [patch],
  );
  const onHoverRow = useCallback((row: ProbeRow | null) => {
    const root = listRef.current;
    if (!root) return;
    for (const el of root.querySelectorAll('.hovered')) el.classList.remove('hovered');
    if (row !== null) root.querySelector(`[data-row="${row}"]`)?.classList.add('hovered');
  }, []);

  if (!Number.isInteger(k) || k < 0 || k >= C) {
    return (
      <div className="empty" role="alert" data-testid="latent-missing">
        Latent {k} does not exist in this folder (it has 0–{C - 1}).{' '}
        <button type="button" onClick={back}>
          ← Atlas
        </button>
      </div>
    );
  }
  const stem = `${fileStem(analysis.modelName)}-latent-${k}`;
  const failed = status.state === 'failed' && requested === k ? status.error : null;
  const hist = current?.histogram;
  const state = current ? 'ready' : failed ? 'failed' : 'running';
  return (
    <div className="latent-view explorer" data-testid="latent-view" data-state={state}>
      <div className="latent-info">
        <LatentHeader
          composite={k}
          analysis={analysis}
          plottedShare={null}
          onPrev={k > 0 ? () => go(k - 1) : null}
          onNext={k < C - 1 ? () => go(k + 1) : null}
          onBack={back}
        />
        {failed && (
          <p className="error" role="alert" data-testid="explorer-latent-error">
            Could not read latent {k}: {failed}
          </p>
        )}
        {current && (
          <>
            <SpectrumChartSlot latent={current} stem={stem} />
            {hist && (
              <FiringHistogram
                counts={hist.counts}
                lo={hist.edges[0] ?? 0}
                hi={hist.edges[hist.edges.length - 1] ?? 0}
                colorOf={valueColor(display, null)}
                valueLabel="activation"
                title="Firing histogram"
              />
            )}
            <section className="latent-section" aria-labelledby="explorer-nb-title">
              <div className="section-head">
                <h3 id="explorer-nb-title">Neighbours</h3>
                <span className="muted">the file’s similarity</span>
              </div>
              <ol className="act-list plain" data-testid="explorer-neighbours">
                {Array.from(current.neighbours.ids, (id, i) => (
                  <li key={`${id}-${i}`}>
                    <button type="button" className="act-row" onClick={() => go(id)}>
                      <span className="act-value">
                        {formatSimilarity(current.neighbours.similarity[i] ?? NaN)}
                      </span>
                      <span>
                        {id} <TokenText text={labelOf(labels, id).text} maxChars={60} />
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </section>
          </>
        )}
        <p className="muted" data-testid="no-weights">
          {NO_WEIGHTS}: other eigenvector axes, the best view, the wiring, your own rows and
          re-analysis. The manifold is on the three largest-|λ| eigenvectors as the files store it
          (int16 ÷ 32767), coloured by h / max |h| (int8 ÷ 127).
        </p>
        <section className="latent-section" aria-labelledby="explorer-top-title">
          <div className="section-head">
            <h3 id="explorer-top-title">Top contexts</h3>
            <span className="muted">largest h of the stored points</span>
          </div>
          <ol className="act-list plain" data-testid="explorer-contexts" ref={listRef}>
            {current &&
              top.map((row) => {
                const t = contextOf(current, row);
                const r = probeRow(row);
                const v = current.h[row] ?? NaN;
                return (
                  <li key={row}>
                    <ActivationRow
                      row={row}
                      value={v}
                      text={t}
                      pinned={pinned.includes(r)}
                      onPin={() => togglePin(r)}
                      onHover={(on) => setListHover(on ? r : null)}
                      title={`Point ${row}: click to pin it in the manifold`}
                    />
                  </li>
                );
              })}
          </ol>
        </section>
      </div>
      <ManifoldPane
        slot={manifold}
        data={data}
        display={display}
        stale={!current}
        message={failed ? `Could not read latent ${k}: ${failed}` : null}
        progress={!current && !failed ? `Latent ${k}: reading its files…` : null}
        axisLabels={['x · u₁', 'y · u₂', 'z · u₃']}
        axisLegend={AXES.map(
          (a) => `${'xyz'[a]} = u${a + 1} (λ ${formatValue(current?.values[a] ?? NaN)})`,
        )}
        valueLabel="h"
        describe={describe}
        pointCountMax={null}
        colorOptions={{ position: false, composites: null }}
        reprojectable={false}
        command={command}
        highlight={listHover}
        onHoverRow={onHoverRow}
        focus={focus}
        exportStem={stem}
        onExportPoints={null}
        label={`Manifold of latent ${k}`}
      />
    </div>
  );
}

/** The spectrum: every eigenvalue the file lists; the axes are fixed (x, y, z = u₁, u₂, u₃). */
function SpectrumChartSlot({ latent, stem }: { latent: ExplorerLatent; stem: string }) {
  return (
    <SpectrumChart
      values={latent.values}
      complete
      axes={AXES}
      onAssign={null}
      onExport={() => downloadText(`${stem}-spectrum.csv`, spectrumCsv(latent.values, AXES))}
    />
  );
}
