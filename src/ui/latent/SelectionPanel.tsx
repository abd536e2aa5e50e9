// The manifold's selection in words: how many points, their values (min, median, mean, max),
// which tokens they are (a frequency table; for a manifold CSV also the predicted tokens), and
// every selected row's context in a virtualised list (click a row to pin its point). Exports the
// selection as CSV. Text only.
import { useMemo, useState } from 'react';
import type { ProbeRow } from '../../core/ids';
import type { PointText } from '../../core/manifoldPoints';
import { formatCount } from '../../core/numberFormat';
import { ContextText, TokenText } from '../TokenText';
import { formatValue } from './format';

/** Height of one context row (px): the list draws only the rows in view. */
const ROW_PX = 24;
const LIST_PX = 216;
const FREQUENT = 10;

export interface SelectionPanelProps {
  /** Indices (into the point set) of the selected points. */
  indices: Int32Array;
  /** The point set's source rows and values. */
  rows: Int32Array;
  values: Float32Array;
  describe: (row: ProbeRow, index: number) => PointText;
  /** Point i's token as counted (the firing token, or a CSV row's current token). */
  tokenOf: (index: number) => string;
  /** A CSV row's predicted token, counted separately; null for probe rows. */
  predictedOf: ((index: number) => string | null) | null;
  valueLabel: string;
  pinned: readonly number[];
  onPin: (row: ProbeRow) => void;
  onExport: () => void;
  onClear: () => void;
}

function frequencies(indices: Int32Array, of: (i: number) => string | null) {
  const counts = new Map<string, number>();
  for (const i of indices) {
    const t = of(i);
    if (t !== null) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export function SelectionPanel(p: SelectionPanelProps) {
  const { indices, values } = p;
  const stats = useMemo(() => {
    const v = Array.from(indices, (i) => values[i] ?? NaN)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (v.length === 0) return null;
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const mid = v.length >> 1;
    const median = v.length % 2 ? (v[mid] ?? NaN) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
    return { min: v[0] ?? NaN, max: v[v.length - 1] ?? NaN, mean, median };
  }, [indices, values]);
  const tokens = useMemo(() => frequencies(indices, p.tokenOf), [indices, p.tokenOf]);
  const predicted = useMemo(
    () => (p.predictedOf ? frequencies(indices, p.predictedOf) : null),
    [indices, p.predictedOf],
  );
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - 4);
  const last = Math.min(indices.length, Math.ceil((scrollTop + LIST_PX) / ROW_PX) + 4);
  const shown = Array.from(indices.subarray(first, last));

  return (
    <section
      className="latent-section selection-panel"
      aria-labelledby="selection-title"
      data-testid="selection-panel"
    >
      <div className="section-head">
        <h3 id="selection-title">Selection</h3>
        <span className="muted" data-testid="selection-size">
          {formatCount(indices.length)} point{indices.length === 1 ? '' : 's'}
        </span>
        <button type="button" className="link" onClick={p.onExport} data-testid="export-selection">
          CSV
        </button>
        <button
          type="button"
          className="link"
          onClick={p.onClear}
          title="Clear the selection (Esc)"
        >
          clear
        </button>
      </div>
      {stats && (
        <dl className="selection-stats">
          {(['min', 'median', 'mean', 'max'] as const).map((k) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{formatValue(stats[k])}</dd>
            </div>
          ))}
        </dl>
      )}
      <FrequencyTable
        title="Tokens"
        items={tokens}
        total={indices.length}
        testId="selection-tokens"
      />
      {predicted && (
        <FrequencyTable
          title="Predicted tokens"
          items={predicted}
          total={indices.length}
          testId="selection-predicted"
        />
      )}
      <h4>Contexts</h4>
      <div
        className="selection-rows"
        style={{ height: Math.min(LIST_PX, indices.length * ROW_PX) }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="selection-rows"
      >
        <ol style={{ height: indices.length * ROW_PX }}>
          {shown.map((i, k) => {
            const row = (p.rows[i] ?? -1) as ProbeRow;
            const t = p.describe(row, i);
            return (
              <li key={row} style={{ top: (first + k) * ROW_PX, height: ROW_PX }}>
                <button
                  type="button"
                  className={p.pinned.includes(row) ? 'act-row pinned' : 'act-row'}
                  aria-pressed={p.pinned.includes(row)}
                  data-row={row}
                  onClick={() => p.onPin(row)}
                  title={`Row ${row}: click to ${p.pinned.includes(row) ? 'unpin' : 'pin'} it`}
                >
                  <span className={t.value >= 0 ? 'act-value pos' : 'act-value neg'}>
                    {formatValue(values[i] ?? NaN)}
                  </span>
                  <ContextText before={t.before} token={t.token} after={t.after} />
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}

function FrequencyTable({
  title,
  items,
  total,
  testId,
}: {
  title: string;
  items: [string, number][];
  total: number;
  testId: string;
}) {
  const top = items.slice(0, FREQUENT);
  const max = top[0]?.[1] ?? 1;
  return (
    <>
      <h4>
        {title} <span className="muted">({formatCount(items.length)} distinct)</span>
      </h4>
      <ol className="frequency" data-testid={testId}>
        {top.map(([text, n]) => (
          <li key={text}>
            <span className="context">
              <mark>
                <TokenText text={text} maxChars={24} />
              </mark>
            </span>
            <span className="bar" style={{ width: `${(60 * n) / max}px` }} aria-hidden="true" />
            <span
              className="num"
              title={`${((100 * n) / Math.max(1, total)).toFixed(1)} % of the selection`}
            >
              {formatCount(n)}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
