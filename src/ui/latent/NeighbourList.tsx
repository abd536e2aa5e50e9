// The composites most similar to this one by the cosine of their forms, with the signed value;
// clicking one opens it.
import { useShallow } from 'zustand/react/shallow';
import { labelOf, useLabelStore } from '../../state/labelStore';
import { LabelPieces } from '../TokenText';
import { formatValue } from './format';

const DEFINITION =
  'Cosine of the forms: ⟨B_i, B_j⟩_F / (‖B_i‖_F ‖B_j‖_F), ranked by |cos| (an opposite form is as related as an equal one).';

export function NeighbourList({
  neighbours,
  onOpen,
}: {
  neighbours: { index: number; similarity: number }[] | null;
  onOpen: (composite: number) => void;
}) {
  return (
    <section className="latent-section" aria-labelledby="neighbours-title">
      <div className="section-head">
        <h3 id="neighbours-title" title={DEFINITION}>
          Neighbours
        </h3>
        <span className="muted" title={DEFINITION}>
          cosine of forms
        </span>
      </div>
      {neighbours === null ? (
        <p className="muted">Not computed for this model.</p>
      ) : neighbours.length === 0 ? (
        <p className="muted">None (the form is zero).</p>
      ) : (
        <ol className="neighbours" data-testid="neighbours">
          {neighbours.map((n) => (
            <Neighbour key={n.index} {...n} onOpen={onOpen} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Neighbour({
  index,
  similarity,
  onOpen,
}: {
  index: number;
  similarity: number;
  onOpen: (composite: number) => void;
}) {
  const label = useLabelStore(useShallow((s) => labelOf(s, index)));
  return (
    <li>
      <button
        type="button"
        className="neighbour"
        onClick={() => onOpen(index)}
        title={`Open composite ${index}. cos = ${formatValue(similarity)} (${DEFINITION})`}
      >
        <span className="neighbour-id">#{index}</span>
        <span className={label.automatic ? 'neighbour-label automatic' : 'neighbour-label'}>
          <LabelPieces text={label.text} automatic={label.automatic} maxChars={40} />
        </span>
        <span className="neighbour-sim">cos {formatValue(similarity)}</span>
      </button>
    </li>
  );
}
