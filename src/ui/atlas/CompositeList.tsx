// The atlas list: a sortable table of the composites the atlas shows (search ∩ selection), with
// their labels and statistics; while searching, each row says why it matched (the input that
// fires it and its value, with "open this input"). It sorts by the colour's statistic until the
// user picks a column, and by relevance while a search has results. Virtualised — only the rows
// in view (plus a few) are in the DOM — so 16k composites scroll and sort smoothly. Arrow keys
// move the highlight (which rings the point on the map), Enter opens the composite, and labels
// are edited inline.
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { sortIds, type AtlasColumn } from '../../core/atlas/atlasTable';
import { whichShortcut } from '../../core/shortcuts';
import type { MatchReason } from '../../core/atlas/search';
import { formatValue } from '../../core/numberFormat';
import { STAT_NAMES } from '../../core/stats';
import { TokenText } from '../TokenText';
import { LabelEditor } from './LabelEditor';
import { LabelText } from './LabelText';
import { StatLabel } from './StatLabel';
import type { AtlasModel } from './useAtlasModel';

/** Row height in CSS pixels (fixed: the virtual window is computed from it). */
export const ROW_HEIGHT_PX = 28;
/** Rows rendered beyond each edge of the visible window. */
const OVERSCAN_ROWS = 8;

interface Props {
  model: AtlasModel;
  /** The grid element (focusable; the toolbar moves focus here). */
  gridRef?: RefObject<HTMLDivElement | null>;
  /** Receives a function that focuses the grid with its first row highlighted. */
  firstRowRef?: RefObject<(() => void) | null>;
  onHighlight: (id: number | null) => void;
  onOpen: (id: number) => void;
  onLabel: (id: number, text: string) => void;
  /** Opens the token view of a probe row ("open this input"). */
  onOpenInput: (row: number) => void;
}

/** Why a row matched the search, as the list says it. */
function reasonText(r: MatchReason): string {
  switch (r.kind) {
    case 'input':
      return `fires ${formatValue(r.value)} on "${r.text}" (probe row ${r.row})`;
    case 'id':
      return 'its id';
    case 'label':
      return 'its label';
    case 'top-token':
      return `"${r.text}" is among its top-20 firing tokens`;
  }
}

export function CompositeList({
  model,
  gridRef,
  firstRowRef,
  onHighlight,
  onOpen,
  onLabel,
  onOpenInput,
}: Props) {
  // The column the user picked, for the search it was picked under: a new search shows its
  // results in their order again. null: follow the colour's statistic (or the results' order).
  const [picked, setPicked] = useState<{
    search: string;
    sort: { column: AtlasColumn; descending: boolean };
  } | null>(null);
  const chosen = picked && picked.search === model.search ? picked.sort : null;
  const setSort = (sort: { column: AtlasColumn; descending: boolean }) =>
    setPicked({ search: model.search, sort });
  const relevance = chosen === null && model.results !== null;
  const sort = chosen ?? { column: model.colorBy, descending: true };
  const [editing, setEditing] = useState<number | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [heightPx, setHeightPx] = useState(400);

  const { results } = model;
  const rows = useMemo(() => {
    if (relevance && results) {
      const shown = new Set(model.visible);
      return results.ordered.filter((k) => shown.has(k));
    }
    return sortIds(model.visible, sort.column, sort.descending, model.table);
  }, [model.visible, model.table, sort.column, sort.descending, relevance, results]);

  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeightPx(el.clientHeight));
    ro.observe(el);
    setHeightPx(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const highlightedRow = model.highlighted === null ? -1 : rows.indexOf(model.highlighted);
  useEffect(() => {
    if (!firstRowRef) return;
    firstRowRef.current = () => {
      gridRef?.current?.focus();
      if (rows.length > 0) onHighlight(rows[0] ?? null);
    };
  }, [firstRowRef, gridRef, rows, onHighlight]);

  // Keep the highlighted row in view (after keyboard moves or a highlight from elsewhere).
  useEffect(() => {
    const el = bodyRef.current;
    if (!el || highlightedRow < 0) return;
    const top = highlightedRow * ROW_HEIGHT_PX;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT_PX > el.scrollTop + el.clientHeight) {
      el.scrollTop = top + ROW_HEIGHT_PX - el.clientHeight;
    }
  }, [highlightedRow]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
  const last = Math.min(
    rows.length,
    Math.ceil((scrollTop + heightPx) / ROW_HEIGHT_PX) + OVERSCAN_ROWS,
  );

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing !== null || rows.length === 0) return;
    const page = Math.max(1, Math.floor(heightPx / ROW_HEIGHT_PX) - 1);
    const at = highlightedRow;
    const moves = {
      listDown: at < 0 ? 0 : at + 1,
      listUp: at < 0 ? 0 : at - 1,
      listPageDown: at + page,
      listPageUp: at - page,
      listFirst: 0,
      listLast: rows.length - 1,
    };
    const key = whichShortcut(
      [...(Object.keys(moves) as (keyof typeof moves)[]), 'listOpen', 'listRename'] as const,
      e,
    );
    if (key === null) return;
    if (key !== 'listOpen' && key !== 'listRename') {
      e.preventDefault();
      onHighlight(rows[Math.max(0, Math.min(rows.length - 1, moves[key]))] ?? null);
    } else if (key === 'listOpen' && model.highlighted !== null && at >= 0) {
      e.preventDefault();
      onOpen(model.highlighted);
    } else if (key === 'listRename' && model.highlighted !== null && at >= 0) {
      e.preventDefault();
      setEditing(model.highlighted);
    }
  };

  const header = (column: AtlasColumn, content: ReactNode, numeric: boolean) => {
    const active = !relevance && sort.column === column;
    return (
      <div
        key={column}
        role="columnheader"
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="sort"
          onClick={() =>
            setSort(
              active
                ? { column, descending: !sort.descending }
                : { column, descending: numeric && column !== 'id' },
            )
          }
        >
          {content}
          <span aria-hidden="true">{active ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
        </button>
      </div>
    );
  };

  const activeId =
    model.highlighted !== null && highlightedRow >= first && highlightedRow < last
      ? `atlas-row-${model.highlighted}`
      : undefined;

  return (
    <div
      ref={gridRef}
      className="atlas-list"
      role="grid"
      aria-label="Composites"
      aria-rowcount={rows.length + 1}
      aria-colcount={2 + STAT_NAMES.length}
      aria-activedescendant={activeId}
      style={{ '--stat-columns': STAT_NAMES.length } as CSSProperties}
      data-testid="atlas-list"
      data-row-count={rows.length}
      data-sort={relevance ? 'relevance' : `${sort.column}-${sort.descending ? 'desc' : 'asc'}`}
      tabIndex={0}
      onKeyDown={onKey}
    >
      <div role="row" className="atlas-row atlas-list-head" aria-rowindex={1}>
        {header('id', 'id', true)}
        {header('label', 'label', false)}
        {STAT_NAMES.map((s) => header(s, <StatLabel stat={s} />, true))}
      </div>
      <div
        ref={bodyRef}
        className="atlas-list-body"
        role="rowgroup"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        {rows.length === 0 ? (
          <div className="empty" role="row">
            <span role="gridcell">No composite matches.</span>
          </div>
        ) : (
          <div style={{ height: rows.length * ROW_HEIGHT_PX, position: 'relative' }}>
            {rows.slice(first, last).map((k, j) => {
              const r = first + j;
              const label = model.table.label(k);
              const reason = results?.reasons.get(k) ?? null;
              const selected = k === model.highlighted;
              return (
                <div
                  key={k}
                  id={`atlas-row-${k}`}
                  role="row"
                  aria-rowindex={r + 2}
                  aria-selected={selected}
                  className={selected ? 'atlas-row selected' : 'atlas-row'}
                  style={{ top: r * ROW_HEIGHT_PX, height: ROW_HEIGHT_PX }}
                  data-testid="atlas-row"
                  data-id={k}
                  onClick={() => onHighlight(k)}
                  onDoubleClick={() => onOpen(k)}
                >
                  <div role="gridcell" className="num">
                    <button
                      type="button"
                      className="link"
                      title={`Open composite ${k}`}
                      aria-label={`Open composite ${k}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpen(k);
                      }}
                    >
                      {k}
                    </button>
                  </div>
                  <div role="gridcell" className="atlas-label-cell">
                    {editing === k ? (
                      <LabelEditor
                        id={k}
                        initial={label.automatic ? '' : label.text}
                        placeholder={label.automatic ? label.text : ''}
                        onDone={(text) => {
                          setEditing(null);
                          if (text !== null) onLabel(k, text);
                          bodyRef.current?.parentElement?.focus();
                        }}
                      />
                    ) : (
                      <>
                        <span
                          className="atlas-label-text"
                          onDoubleClick={(e) => {
                            e.stopPropagation();
                            setEditing(k);
                          }}
                        >
                          <LabelText text={label.text} automatic={label.automatic} />
                        </span>
                        <button
                          type="button"
                          className="icon edit"
                          aria-label={`Edit the label of composite ${k}`}
                          title="Edit label (F2)"
                          onClick={(e) => {
                            e.stopPropagation();
                            setEditing(k);
                          }}
                        >
                          ✎
                        </button>
                        {reason && (
                          <span
                            className="atlas-match"
                            data-testid="atlas-match"
                            title={`Matched: ${reasonText(reason)}`}
                          >
                            {reason.kind === 'input' ? (
                              <button
                                type="button"
                                className="chip"
                                aria-label={`Open this input: ${reason.text}, probe row ${reason.row}`}
                                onClick={(e) => {
                                  e.stopPropagation();
                                  onOpenInput(reason.row);
                                }}
                              >
                                <TokenText text={reason.text} maxChars={14} />{' '}
                                <span className="num">{formatValue(reason.value)}</span>
                              </button>
                            ) : (
                              <span className="muted">
                                {reason.kind === 'top-token' ? (
                                  <TokenText text={reason.text} maxChars={14} />
                                ) : (
                                  reason.kind
                                )}
                              </span>
                            )}
                          </span>
                        )}
                      </>
                    )}
                  </div>
                  {STAT_NAMES.map((s) => (
                    <div key={s} role="gridcell" className="num">
                      {model.formats[s](model.stats[s][k] ?? NaN)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
