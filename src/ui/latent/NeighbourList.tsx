// The composites nearest to this one under the chosen measure (co-activation, subspace overlap,
// firing centroid, cosine of forms: core/relations/measures, each defined in its tooltip), with
// the similarity written one way for every measure (core/numberFormat formatSimilarity). When no
// neighbour reaches the measure's floor the list says so, with the nearest ones behind a
// disclosure; clicking a neighbour opens it. The measure is a view setting (in the link).
import { useShallow } from 'zustand/react/shallow';
import type { Relations } from '../../core/analysis';
import { formatSimilarity } from '../../core/numberFormat';
import {
  availableMeasures,
  MEASURE_INFO,
  RELATION_MEASURES,
  resolveMeasure,
  type RelationMeasure,
} from '../../core/relations/measures';
import { labelOf, useLabelStore } from '../../state/labelStore';
import { useViewStore } from '../../state/viewStore';
import { LabelPieces } from '../TokenText';
import { neighboursOf, type NeighbourEntry } from './latentData';
import type { Analysis } from '../../core/analysis';

/** Neighbours shown before "more". */
const SHOWN = 10;

function definition(m: RelationMeasure): string {
  const i = MEASURE_INFO[m];
  return `${i.label}: ${i.formula}. ${i.text} Close means ≥ ${i.floor}${i.rank === 'absolute' ? ' in |value|' : ''} (${i.floorWhy}).`;
}

export function NeighbourList({
  analysis,
  composite,
  onOpen,
}: {
  analysis: Analysis;
  composite: number;
  onOpen: (composite: number) => void;
}) {
  const chosen = useViewStore((s) => s.neighbourMeasure);
  const relations: Relations = analysis.relations;
  const available = availableMeasures(relations.tables);
  const measure = resolveMeasure(chosen, available);
  const data = measure ? neighboursOf(analysis, composite, measure) : null;
  const info = measure ? MEASURE_INFO[measure] : null;
  return (
    <section
      className="latent-section"
      aria-labelledby="neighbours-title"
      data-testid="neighbour-section"
      data-measure={measure ?? ''}
    >
      <div className="section-head">
        <h3 id="neighbours-title" title={measure ? definition(measure) : undefined}>
          Neighbours
        </h3>
        <select
          aria-label="Neighbour measure"
          data-testid="neighbour-measure"
          value={measure ?? ''}
          title={measure ? definition(measure) : 'No measure is available'}
          onChange={(e) =>
            useViewStore.getState().patch({ neighbourMeasure: e.target.value as RelationMeasure })
          }
        >
          {RELATION_MEASURES.map((m) => (
            <option
              key={m}
              value={m}
              disabled={!available.includes(m)}
              title={available.includes(m) ? definition(m) : (relations.missing[m] ?? '')}
            >
              {MEASURE_INFO[m].label}
              {available.includes(m) ? '' : ' (not available)'}
            </option>
          ))}
        </select>
      </div>
      {!measure || !data || !info ? (
        <p className="muted">No neighbour measure is available for this model.</p>
      ) : (
        <>
          {data.approximation && (
            <p className="muted small" title={data.approximation}>
              Approximate: {data.approximation}.
            </p>
          )}
          {data.list.length === 0 ? (
            <p className="muted">None (this composite has no comparable neighbour).</p>
          ) : data.isolated ? (
            <>
              <p className="muted" data-testid="no-close-neighbours">
                No close neighbours: every composite scores below {info.floor} ({info.label}
                {info.rank === 'absolute' ? ', in |value|' : ''}).
              </p>
              <details className="neighbours-anyway">
                <summary>Show the nearest anyway</summary>
                <Entries list={data.list} measure={measure} onOpen={onOpen} />
              </details>
            </>
          ) : (
            <Entries list={data.list} measure={measure} onOpen={onOpen} />
          )}
        </>
      )}
    </section>
  );
}

function Entries({
  list,
  measure,
  onOpen,
}: {
  list: NeighbourEntry[];
  measure: RelationMeasure;
  onOpen: (composite: number) => void;
}) {
  return (
    <ol className="neighbours" data-testid="neighbours">
      {list.slice(0, SHOWN).map((n) => (
        <Neighbour key={n.index} entry={n} measure={measure} onOpen={onOpen} />
      ))}
    </ol>
  );
}

function Neighbour({
  entry,
  measure,
  onOpen,
}: {
  entry: NeighbourEntry;
  measure: RelationMeasure;
  onOpen: (composite: number) => void;
}) {
  const label = useLabelStore(useShallow((s) => labelOf(s, entry.index)));
  const info = MEASURE_INFO[measure];
  return (
    <li>
      <button
        type="button"
        className={entry.close ? 'neighbour' : 'neighbour far'}
        data-id={entry.index}
        onClick={() => onOpen(entry.index)}
        title={`Open composite ${entry.index}. ${info.label} = ${formatSimilarity(entry.similarity)}${entry.close ? '' : ` (below the floor ${info.floor})`}. ${definition(measure)}`}
      >
        <span className="neighbour-id">#{entry.index}</span>
        <span className={label.automatic ? 'neighbour-label automatic' : 'neighbour-label'}>
          <LabelPieces text={label.text} automatic={label.automatic} maxChars={40} />
        </span>
        <span className="neighbour-sim">{formatSimilarity(entry.similarity)}</span>
      </button>
    </li>
  );
}
