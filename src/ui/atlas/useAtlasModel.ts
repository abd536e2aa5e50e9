// The atlas's derived data, memoised from the stores: statistics, the colour scale and colours
// of the chosen statistic, search matches, the brushed selection, which composites the list
// shows and how the map emphasises them. The only owner of "what is shown and how"; the atlas
// view, its list and legend, and the app's composition (map, exports) read it.
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
import { visibleAndEmphasis, withPrefix } from '../../core/atlas/emphasis';
import { matchComposites } from '../../core/atlas/search';
import type { StatName } from '../../core/stats';
import type { JobStatus } from '../../core/job';
import { useAtlasStore } from '../../state/atlasStore';
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
  colorBy: StatName;
  scale: StatScale;
  /** [C, 3] sRGB colours of `colorBy` on `scale`. */
  colours: Float32Array;
  search: string;
  /** Search matches (ascending ids), or null when there is no query. */
  matches: number[] | null;
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

export function useAtlasModel(analysis: Analysis): AtlasModel {
  const C = analysis.nComposites;
  const view = useViewStore(
    useShallow((s) => ({
      colorBy: s.colorBy,
      search: s.search,
      selection: s.selection,
      highlighted: s.highlighted,
    })),
  );
  const atlas = useAtlasStore(
    useShallow((s) => ({
      xy: s.xy,
      status: s.status,
      tokens: s.tokens,
      haystacks: s.haystacks,
    })),
  );
  const labels = useLabelStore(useShallow((s) => ({ user: s.user, auto: s.auto })));
  const { xy, tokens, haystacks } = atlas;

  const circularity = useAtlasStore((s) => s.circularity);
  const stats = useMemo(() => statValues(analysis, circularity), [analysis, circularity]);
  const formats = useMemo(() => statFormatters(stats), [stats]);
  const scale = useMemo(() => statScale(view.colorBy, stats[view.colorBy]), [stats, view.colorBy]);
  const colourArray = useMemo(
    () => colours(scale, stats[view.colorBy]),
    [scale, stats, view.colorBy],
  );
  const table = useMemo<TableSource>(
    () => ({ stats, label: (k) => labelOf(labels, k) }),
    [stats, labels],
  );
  const matches = useMemo(
    () => matchComposites(view.search, C, (k) => table.label(k).text, haystacks),
    [view.search, C, table, haystacks],
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
    colorBy: view.colorBy,
    scale,
    colours: colourArray,
    search: view.search,
    matches,
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
