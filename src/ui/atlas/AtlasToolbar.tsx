// The atlas toolbar: search (focused by "/"; a word of the probe set offers its inputs, Enter
// opens the first), layout, colour-by (automatic by default), lasso mode, fit all, the brushed
// selection (with Clear), and exports (CSV, PNG, labels) and label import. Reports actions to the
// page through callbacks; it never fetches or writes files itself.
import { useEffect, useRef, type RefObject } from 'react';
import { ariaKeys, isShortcut, isTyping } from '../../core/shortcuts';
import { LAYOUT_INFO, LAYOUT_KINDS, type LayoutKind } from '../../core/relations/measures';
import { STAT_DEFINITIONS, STAT_NAMES, type StatName } from '../../core/stats';
import { TokenText } from '../TokenText';
import { statDefinition } from './StatLabel';
import type { AtlasModel } from './useAtlasModel';

export interface AtlasActions {
  onSearch: (query: string) => void;
  /** null = automatic (the statistic with the most spread). */
  onColorBy: (stat: StatName | null) => void;
  /** null = the default layout. */
  onLayout: (kind: LayoutKind | null) => void;
  /** Opens the token view of a probe row. */
  onOpenInput: (row: number) => void;
  onClearSelection: () => void;
  /** Clears the model panel's prefix length (nothing dimmed by it). */
  onClearPrefix: () => void;
  onFitAll: () => void;
  onExportCsv: () => void;
  onExportPng: () => void;
  onExportLabels: () => void;
  onImportLabels: (file: File) => void;
}

interface Props {
  model: AtlasModel;
  actions: AtlasActions;
  lassoMode: boolean;
  onLassoMode: (on: boolean) => void;
  /** The map can be fitted and exported (WebGL and a layout are there). */
  mapReady: boolean;
  listRef: RefObject<HTMLDivElement | null>;
  /** Moves to the list with its first row highlighted (↓ from the search box). */
  onToFirstResult?: () => void;
}

export function AtlasToolbar({
  model,
  actions,
  lassoMode,
  onLassoMode,
  mapReady,
  listRef,
  onToFirstResult,
}: Props) {
  const searchRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  // "/" focuses search from anywhere in the page (except while typing).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!isShortcut('search', e) || isTyping(e.target)) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const count = model.matches?.length ?? null;
  return (
    <div className="atlas-toolbar" role="toolbar" aria-label="Atlas">
      <input
        ref={searchRef}
        type="search"
        className="atlas-search"
        aria-label="Search composites by id, label or firing token"
        placeholder="Search id, label or token  ( / )"
        data-testid="atlas-search"
        value={model.search}
        onChange={(e) => actions.onSearch(e.target.value)}
        aria-keyshortcuts={ariaKeys('search')}
        onKeyDown={(e) => {
          if (isShortcut('searchToList', e)) {
            // Down from the search box continues in the list, on its first result.
            e.preventDefault();
            if (onToFirstResult) onToFirstResult();
            else listRef.current?.focus();
          } else if (isShortcut('searchOpenInput', e) && model.inputRows.length > 0) {
            // A word of the probe set: Enter opens its (first) input.
            e.preventDefault();
            actions.onOpenInput(model.inputRows[0] as number);
          } else if (isShortcut('searchClear', e) && model.search !== '') {
            actions.onSearch('');
          }
        }}
      />
      <span className="muted atlas-match-count" aria-live="polite" data-testid="atlas-match-count">
        {count === null
          ? `${model.nComposites.toLocaleString()} composites`
          : `${count.toLocaleString()} of ${model.nComposites.toLocaleString()} match`}
      </span>
      {model.inputRows.length > 0 && (
        <span className="atlas-inputs" data-testid="atlas-inputs">
          {model.inputRows.map((row, i) => (
            <button
              key={row}
              type="button"
              className="chip"
              data-row={row}
              title={`Open this input (probe row ${row}) in the token view${i === 0 ? ' — Enter' : ''}`}
              onClick={() => actions.onOpenInput(row)}
            >
              open <TokenText text={model.search.trim()} maxChars={20} /> · row {row}
            </button>
          ))}
        </span>
      )}
      <label className="atlas-layout">
        Layout{' '}
        <select
          value={model.layout}
          aria-label="Atlas layout"
          data-testid="atlas-layout"
          title={LAYOUT_INFO[model.layout].text}
          onChange={(e) => actions.onLayout(e.target.value as LayoutKind)}
        >
          {LAYOUT_KINDS.map((k) => {
            const m = LAYOUT_INFO[k].measure;
            const ok = m === null || model.measures.includes(m);
            return (
              <option key={k} value={k} disabled={!ok} title={LAYOUT_INFO[k].text}>
                {LAYOUT_INFO[k].label}
                {ok ? '' : ' (needs a probe set)'}
              </option>
            );
          })}
        </select>
      </label>
      <label className="atlas-colour-by">
        Colour by{' '}
        <select
          value={model.colorAuto ? '' : model.colorBy}
          aria-label="Colour by statistic"
          data-testid="atlas-colour-by"
          data-stat={model.colorBy}
          title={statDefinition(model.colorBy)}
          onChange={(e) =>
            actions.onColorBy(e.target.value === '' ? null : (e.target.value as StatName))
          }
        >
          <option
            value=""
            title="The statistic whose values spread most (coefficient of variation)"
          >
            auto ({STAT_DEFINITIONS[model.autoColorBy].label})
          </option>
          {STAT_NAMES.map((s) => (
            <option key={s} value={s} title={statDefinition(s)}>
              {STAT_DEFINITIONS[s].label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        aria-pressed={lassoMode}
        onClick={() => onLassoMode(!lassoMode)}
        title="Lasso: drag on the map to select composites (or hold Shift while dragging)"
        disabled={!mapReady}
      >
        Lasso
      </button>
      <button
        type="button"
        onClick={actions.onFitAll}
        disabled={!mapReady}
        title="Show every composite (F or 0 on the map)"
      >
        Fit all
      </button>
      {model.selection.length > 0 && (
        <span className="atlas-selection-chip" data-testid="atlas-selection">
          {model.selection.length.toLocaleString()} selected
          <button type="button" onClick={actions.onClearSelection} aria-label="Clear the selection">
            Clear
          </button>
        </span>
      )}
      {model.prefixK !== null && (
        <span
          className="atlas-selection-chip"
          data-testid="atlas-prefix"
          title="Set in the model panel: composites beyond the first k of the importance ordering are dimmed"
        >
          first {model.prefixK} of {model.nComposites} · {model.prefixDimmed.toLocaleString()}{' '}
          dimmed
          <button type="button" onClick={actions.onClearPrefix} aria-label="Clear the prefix">
            Clear
          </button>
        </span>
      )}
      <span className="spacer" />
      <div className="export" role="group" aria-label="Export and import">
        <button
          type="button"
          onClick={actions.onExportCsv}
          title="Every composite: id, label, statistics, UMAP x/y"
        >
          Export CSV
        </button>
        <button
          type="button"
          onClick={actions.onExportPng}
          disabled={!mapReady}
          title="The map as shown, as a PNG image"
        >
          Export PNG
        </button>
        <button
          type="button"
          onClick={actions.onExportLabels}
          title="Your labels for this model, as JSON"
        >
          Export labels
        </button>
        <button
          type="button"
          onClick={() => fileRef.current?.click()}
          title="Load labels from a JSON file exported here"
        >
          Import labels
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="labels-file"
          aria-label="Label file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) actions.onImportLabels(file);
          }}
        />
      </div>
    </div>
  );
}
