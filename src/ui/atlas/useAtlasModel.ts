// The atlas's derived data, memoised from the stores: statistics, the colour scale and colours
// of the chosen (or automatic) statistic, whether size shows importance, the layout shown,
// search results (with the probe rows that fire them and why each matched), the brushed
// selection, which composites the list shows and how the map emphasises them. The only owner
// of "what is shown and how"; the atlas view, its list and legend, and the app's composition
// (map, exports) read it.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Analysis } from '../../core/analysis';
import {
  statFormatters,
  statValues,
  type StatValues,
  type TableSource,
} from '../../core/atlas/atlasTable';
import { colours, statScale, type StatScale } from '../../core/atlas/colorScale';
import { mostSpreadStat, sizeShowsImportance } from '../../core/atlas/defaults';
import { visibleAndEmphasis, withPrefix } from '../../core/atlas/emphasis';
import { searchComposites, type SearchResults } from '../../core/atlas/search';
import {
  availableMeasures,
  resolveLayout,
  type LayoutKind,
  type RelationMeasure,
} from '../../core/relations/measures';
import type { StatName } from '../../core/stats';
import type { JobStatus } from '../../core/job';
import { exactRows } from '../../core/tokenIndex';
import { useAtlasStore } from '../../state/atlasStore';
import { useSearchStore } from '../../state/searchStore';
import { labelOf, useLabelStore } from '../../state/labelStore';
import { useViewStore } from '../../state/viewStore';
import { usePanelStore } from '../../state/panelStore';

export interface AtlasModel {
  analysis: Analysis;
  nComposites: number;
  stats: StatValues;
  /** How each statistic's values read (core/atlas/atlasTable statFormatters). */
  formats: Record<StatName, (v: number) => string>;
  /** [C, 2] UMAP coordinates, null until the layout is ready. */
  xy: Float32Array | null;
  /** The layout job (its error when it failed). */
  layoutStatus: JobStatus;
  /** The statistic the map is coloured by (the link's, or the one with the most spread). */
  colorBy: StatName;
  /** True when colorBy was chosen automatically (the view store holds none). */
  colorAuto: boolean;
  /** The statistic the automatic choice picks. */
  autoColorBy: StatName;
  /** Point size shows importance (off when importance is near constant: core/atlas/defaults). */
  sizeByImportance: boolean;
  /** The layout asked for (the view's choice, or the default), and the one on screen. */
  layout: LayoutKind;
  layoutShown: LayoutKind | null;
  /** Measures the analysis has, so layouts that need one can be offered or not. */
  measures: RelationMeasure[];
  scale: StatScale;
  /** [C, 3] sRGB colours of `colorBy` on `scale`. */
  colours: Float32Array;
  search: string;
  /** Search matches (ascending ids), or null when there is no query. */
  matches: number[] | null;
  /** The search's results in order, with why each matched (null without a query). */
  results: SearchResults | null;
  /** Probe rows whose token is exactly the query (at most INPUT_ROWS_SHOWN): "open this input". */
  inputRows: number[];
  /**
   * Token search for the text on screen: 'none' (no probe set or not ready), 'pending' (the
   * worker has not answered for this text yet), 'ready'.
   */
  inputSearch: 'none' | 'pending' | 'ready';
  selection: number[];
  /** What the list shows: matches ∩ selection (all composites when neither applies), ascending. */
  visible: number[];
  /** Per composite: EMPHASIS level (dimmed outside the search/selection); null when neither. */
  emphasis: Uint8Array | null;
  highlighted: number | null;
  /** The model panel's prefix length (composites beyond it are dimmed), or null. */
  prefixK: number | null;
  /** How many composites the prefix dims. */
  prefixDimmed: number;
  /** Distinct top firing tokens per composite. */
  tokens: string[][];
  table: TableSource;
}

/** Probe rows offered as "open this input" for a query that is a word of the probe set. */
export const INPUT_ROWS_SHOWN = 5;

export function useAtlasModel(analysis: Analysis): AtlasModel {
  const C = analysis.nComposites;
  const view = useViewStore(
    useShallow((s) => ({
      colorBy: s.colorBy,
      search: s.search,
      selection: s.selection,
      highlighted: s.highlighted,
      layout: s.layout,
    })),
  );
  const atlas = useAtlasStore(
    useShallow((s) => ({
      xy: s.xy,
      kind: s.kind,
      status: s.status,
      tokens: s.tokens,
      haystacks: s.haystacks,
    })),
  );
  const search = useSearchStore(
    useShallow((s) => ({ index: s.index, valuesKey: s.valuesKey, result: s.result })),
  );
  const { index } = search;
  const labels = useLabelStore(useShallow((s) => ({ user: s.user, auto: s.auto })));
  const { xy, tokens, haystacks } = atlas;

  const circularity = useAtlasStore((s) => s.circularity);
  const stats = useMemo(() => statValues(analysis, circularity), [analysis, circularity]);
  const formats = useMemo(() => statFormatters(stats), [stats]);
  const auto = useMemo(() => mostSpreadStat(stats), [stats]);
  const colorBy = view.colorBy ?? auto;
  const sizeByImportance = useMemo(() => sizeShowsImportance(analysis.importance), [analysis]);
  const measures = useMemo(() => availableMeasures(analysis.relations.tables), [analysis]);
  const scale = useMemo(() => statScale(colorBy, stats[colorBy]), [stats, colorBy]);
  const colourArray = useMemo(() => colours(scale, stats[colorBy]), [scale, stats, colorBy]);
  const table = useMemo<TableSource>(
    () => ({ stats, label: (k) => labelOf(labels, k) }),
    [stats, labels],
  );
  // The search worker's result for the text on screen (it arrives a few ms after a keystroke).
  const current =
    search.result &&
    search.result.query === view.search &&
    search.result.analysisKey === analysis.key
      ? search.result
      : null;
  const inputs = current?.value ?? null;
  const inputSearch: AtlasModel['inputSearch'] =
    search.valuesKey !== analysis.key
      ? 'none'
      : current || view.search.trim() === ''
        ? 'ready'
        : 'pending';
  const results = useMemo(
    () => searchComposites(view.search, C, (k) => table.label(k).text, tokens, haystacks, inputs),
    [view.search, C, table, tokens, haystacks, inputs],
  );
  const matches = useMemo(
    () => (results ? [...results.ordered].sort((a, b) => a - b) : null),
    [results],
  );
  const inputRows = useMemo(
    () => (index ? exactRows(index, view.search, INPUT_ROWS_SHOWN) : []),
    [index, view.search],
  );
  const prefixK = usePanelStore((s) => s.prefixK);
  const prefixOrder = analysis.probes?.prefixOrder ?? null;
  const { visible, emphasis } = useMemo(() => {
    const base = visibleAndEmphasis(C, matches, view.selection);
    // The model panel's prefix length dims the composites beyond it on the map.
    return { visible: base.visible, emphasis: withPrefix(base.emphasis, C, prefixOrder, prefixK) };
  }, [matches, view.selection, C, prefixOrder, prefixK]);

  return {
    analysis,
    nComposites: C,
    stats,
    formats,
    xy,
    layoutStatus: atlas.status,
    colorBy,
    colorAuto: view.colorBy === null,
    autoColorBy: auto,
    sizeByImportance,
    layout: resolveLayout(view.layout, measures),
    layoutShown: atlas.kind,
    measures,
    scale,
    colours: colourArray,
    search: view.search,
    matches,
    results,
    inputRows,
    inputSearch,
    selection: view.selection,
    visible,
    emphasis,
    highlighted: view.highlighted !== null && view.highlighted < C ? view.highlighted : null,
    prefixK: prefixK !== null && prefixOrder ? prefixK : null,
    prefixDimmed: prefixK !== null && prefixOrder ? Math.max(0, C - Math.min(prefixK, C)) : 0,
    tokens,
    table,
  };
}
