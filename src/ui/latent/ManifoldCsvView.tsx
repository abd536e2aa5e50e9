// A manifold CSV (the reference code's export) on its own: the file's points in the 3-D view
// with hover cards ("current → predicted" and the value), a value histogram and the rows with the
// largest values. Reads the CSV store; the data never enters the URL.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { probeRow, type ProbeRow } from '../../core/ids';
import type { CameraCommand } from '../../scene/manifold/types';
import { columnHistogram, topRowsOfColumn } from '../../core/stats';
import { pointsCsv, pointsSubset, type ExportPoints } from '../../core/csvExport';
import { splitTokenCell, type ManifoldCsv } from '../../core/manifoldCsv';
import { displayText } from '../../core/tokenText';
import type { ManifoldData, PointText } from '../../core/manifoldPoints';
import { useManifoldCsvStore } from '../../state/manifoldCsvStore';
import { useViewStore } from '../../state/viewStore';
import { downloadText, fileStem } from '../download';
import { TokenText } from '../TokenText';
import { FiringHistogram } from './FiringHistogram';
import { manifoldDisplay, valueColor } from './manifoldDisplay';
import { SelectionPanel } from './SelectionPanel';
import { ShapePanel } from './ShapePanel';
import { circlePlane } from '../../core/shape/diagnostics';
import { useManifoldFocus } from './manifoldFocus';
import { ManifoldPane, type ManifoldSlot } from './ManifoldPane';
import { ActivationRow } from './ActivationRow';
import { formatStat } from './format';
import { useViewKeys } from './useViewKeys';
import './latent.css';

const HISTOGRAM_BINS = 48;
const TOP_ROWS = 12;

function cellText(csv: ManifoldCsv, row: number, value: number): PointText {
  const { current, predicted } = splitTokenCell(csv.token[row] ?? '');
  return {
    before: '',
    token: current,
    after: predicted === null ? '' : ` → ${predicted}`,
    value,
    valueLabel: 'value',
    meta: `row ${row} of ${csv.fileName}`,
  };
}

export function ManifoldCsvView({ manifold }: { manifold: ManifoldSlot }) {
  const csv = useManifoldCsvStore((s) => s.csv);
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
  const [listHover, setListHover] = useState<ProbeRow | null>(null);
  const [clusterLabels, setClusterLabels] = useState<Int32Array | null>(null);
  const [clusterColours, setClusterColours] = useState(false);
  const [command, setCommand] = useState<CameraCommand | null>(null);
  const seq = useRef(0);
  const listRef = useRef<HTMLOListElement>(null);
  const back = useCallback(() => setView({ kind: 'atlas' }), [setView]);
  useViewKeys({ prev: null, next: null, back });

  const data = useMemo<ManifoldData | null>(() => {
    if (!csv) return null;
    return {
      version: `csv|${csv.fileName}|${csv.n}|${csv.xyz.length}|${csv.value[0] ?? 0}`,
      count: csv.n,
      positions: csv.xyz,
      values: csv.value,
      rows: Int32Array.from({ length: csv.n }, (_, i) => i),
      axisSigns: [0, 0, 0],
      axisLambdas: null,
    };
  }, [csv]);
  const searchText = useMemo(() => (csv ? (i: number) => csv.token[i] ?? '' : null), [csv]);
  const focus = useManifoldFocus(data, searchText, query, selection);
  const display = useMemo(() => {
    if (!csv || !data) return null;
    // The token of a CSV row is "current -> predicted": labels show the current token,
    // categories and regexes read the predicted one when there is one.
    const predicted = (i: number) => {
      const cell = splitTokenCell(csv.token[i] ?? '');
      return cell.predicted ?? cell.current;
    };
    return manifoldDisplay({
      data,
      settings,
      tokenOf: (i) => displayText(splitTokenCell(csv.token[i] ?? '').current.trim(), 'alone'),
      categoryOf: (i) => displayText(predicted(i).trim(), 'alone'),
      rawTokenOf: predicted,
      positionOf: null,
      otherValues: null,
      pinned,
      focus: focus.focus,
      clusters: clusterColours ? clusterLabels : null,
    });
  }, [csv, data, settings, pinned, focus.focus, clusterColours, clusterLabels]);
  const focusIndices = useMemo(() => {
    const f = focus.focus;
    if (!f) return null;
    const out: number[] = [];
    for (let i = 0; i < f.length; i++) if (f[i]) out.push(i);
    return Int32Array.from(out);
  }, [focus.focus]);
  const shapeToken = useCallback(
    (i: number) => (csv ? splitTokenCell(csv.token[i] ?? '').current : ''),
    [csv],
  );
  const togglePin = useCallback(
    (row: ProbeRow) => {
      const cur = useViewStore.getState().pinned;
      const was = cur.includes(row);
      patch({ pinned: was ? cur.filter((r) => r !== row) : [...cur, row] });
      if (!was) setCommand({ seq: 1e6 + ++seq.current, kind: 'row', row });
    },
    [patch],
  );
  const onHoverRow = useCallback((row: ProbeRow | null) => {
    const root = listRef.current;
    if (!root) return;
    for (const el of root.querySelectorAll('.hovered')) el.classList.remove('hovered');
    if (row !== null) root.querySelector(`[data-row="${row}"]`)?.classList.add('hovered');
  }, []);
  const summary = useMemo(() => {
    if (!csv) return null;
    const hist = columnHistogram(csv.value, csv.n, 1, 0, HISTOGRAM_BINS);
    const top = Array.from(topRowsOfColumn(csv.value, csv.n, 1, 0, TOP_ROWS, 'desc'));
    return { hist, top };
  }, [csv]);
  const describe = useCallback(
    (row: number) =>
      csv ? cellText(csv, row, csv.value[row] ?? NaN) : cellText(emptyCsv, row, NaN),
    [csv],
  );

  if (!csv || !data || !summary) {
    return (
      <div className="empty" data-testid="manifold-csv-empty">
        No manifold CSV is open. Choose one under Open model → Local files, or drop it on the
        window.{' '}
        <button type="button" onClick={back}>
          ← Atlas
        </button>
      </div>
    );
  }
  const stem = fileStem(csv.fileName.replace(/\.csv$/i, ''));
  return (
    <div className="latent-view csv" data-testid="manifold-csv-view" data-state="ready">
      <div className="latent-info">
        <header className="latent-header">
          <div className="latent-nav">
            <button
              type="button"
              onClick={back}
              title="Back to the atlas (Esc)"
              aria-keyshortcuts="Escape"
            >
              ← Atlas
            </button>
            <h2 className="latent-id" data-testid="csv-name">
              <TokenText text={csv.fileName} maxChars={80} alwaysTitle />
            </h2>
          </div>
          <p className="muted">
            A manifold exported by the reference code: {csv.n.toLocaleString()} points, value{' '}
            {formatStat(summary.hist.lo)} … {formatStat(summary.hist.hi)}. Tokens read “current →
            predicted”.
          </p>
        </header>
        <FiringHistogram
          counts={summary.hist.counts}
          lo={summary.hist.lo}
          hi={summary.hist.hi}
          colorOf={valueColor(display, csv.value)}
          valueLabel="value"
          title="Values"
        />
        {focus.selected.length > 0 && (
          <SelectionPanel
            indices={focus.selected}
            rows={data.rows}
            values={data.values}
            describe={(row) => cellText(csv, row, csv.value[row] ?? NaN)}
            tokenOf={(i) => splitTokenCell(csv.token[i] ?? '').current}
            predictedOf={(i) => splitTokenCell(csv.token[i] ?? '').predicted}
            valueLabel="value"
            pinned={pinned}
            onPin={togglePin}
            onExport={() =>
              downloadText(
                `${stem}-selection.csv`,
                pointsCsv(pointsSubset(csvPoints(csv), focus.selected)),
              )
            }
            onClear={() => patch({ manifoldSelection: [] })}
          />
        )}
        <ShapePanel
          data={data}
          plane={circlePlane(null, data.positions, data.count, data.values)}
          axisNames={['x', 'y', 'z']}
          focus={focusIndices}
          tokenOf={shapeToken}
          diagnose={manifold.diagnose}
          onClusters={setClusterLabels}
          clusterColours={clusterColours}
          onClusterColours={setClusterColours}
          exportStem={stem}
        />
        <section className="latent-section" aria-labelledby="csv-top-title">
          <div className="section-head">
            <h3 id="csv-top-title">Largest values</h3>
          </div>
          <ol className="act-list plain" data-testid="csv-top-rows" ref={listRef}>
            {summary.top.map((row) => {
              const t = cellText(csv, row, csv.value[row] ?? NaN);
              const r = probeRow(row);
              return (
                <li key={row}>
                  <ActivationRow
                    row={row}
                    value={t.value}
                    text={t}
                    pinned={pinned.includes(r)}
                    onPin={() => togglePin(r)}
                    onHover={(on) => setListHover(on ? r : null)}
                    title={`Row ${row}: click to pin it in the manifold`}
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
        stale={false}
        message={null}
        axisLabels={['x', 'y', 'z']}
        axisLegend={['axes: the file’s x, y, z']}
        valueLabel="value"
        describe={describe}
        pointCountMax={null}
        colorOptions={{ position: false, composites: null }}
        reprojectable={false}
        command={command}
        highlight={listHover}
        onHoverRow={onHoverRow}
        focus={focus}
        exportStem={stem}
        onExportPoints={() => downloadText(`${stem}-points.csv`, pointsCsv(csvPoints(csv)))}
        label={`Manifold from ${csv.fileName}`}
      />
    </div>
  );
}

/** The CSV's points, to export. */
function csvPoints(csv: ManifoldCsv): ExportPoints {
  return {
    count: csv.n,
    xyz: csv.xyz,
    value: csv.value,
    token: (i) => csv.token[i] ?? '',
    row: (i) => i,
    context: (i) => csv.token[i] ?? '',
  };
}

const emptyCsv: ManifoldCsv = {
  fileName: '',
  n: 0,
  xyz: new Float32Array(),
  value: new Float32Array(),
  token: [],
};
