// The probe rows that fire a composite most positively and most negatively, with their contexts
// (firing token marked) and values — text only. Clicking a row pins it in the manifold; its ↗
// opens the input in the token view.
import { useState } from 'react';
import type { ProbeRow } from '../../core/ids';
import { ActivationRow } from './ActivationRow';

export interface ActivationRow {
  row: ProbeRow;
  value: number;
  before: string;
  token: string;
  after: string;
}

const FIRST = 8;

export function TopActivations({
  top,
  bottom,
  pinned,
  onPin,
  onHover,
  onOpenInput,
}: {
  top: ActivationRow[];
  bottom: ActivationRow[];
  pinned: readonly number[];
  onPin: (row: ProbeRow) => void;
  /** A row is hovered (its point is marked in the manifold), or none. */
  onHover: (row: ProbeRow | null) => void;
  /** Opens a row in the token view ("open this input"). */
  onOpenInput: (row: ProbeRow) => void;
}) {
  return (
    <section className="latent-section" aria-labelledby="acts-title">
      <div className="section-head">
        <h3 id="acts-title">Top activations</h3>
        <span className="muted">hover to find, click to pin</span>
      </div>
      <RowList
        title="Most positive"
        rows={top}
        pinned={pinned}
        onPin={onPin}
        onHover={onHover}
        onOpenInput={onOpenInput}
        testId="top-rows"
      />
      <RowList
        title="Most negative"
        rows={bottom}
        pinned={pinned}
        onPin={onPin}
        onHover={onHover}
        onOpenInput={onOpenInput}
        testId="bottom-rows"
      />
    </section>
  );
}

function RowList({
  title,
  rows,
  pinned,
  onPin,
  onHover,
  onOpenInput,
  testId,
}: {
  title: string;
  rows: ActivationRow[];
  pinned: readonly number[];
  onPin: (row: ProbeRow) => void;
  onHover: (row: ProbeRow | null) => void;
  onOpenInput: (row: ProbeRow) => void;
  testId: string;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST);
  return (
    <div className="act-list">
      <h4>{title}</h4>
      <ol data-testid={testId}>
        {shown.map((r) => (
          <li key={r.row}>
            <ActivationRow
              row={r.row}
              value={r.value}
              text={r}
              pinned={pinned.includes(r.row)}
              onPin={() => onPin(r.row)}
              onHover={(on) => onHover(on ? r.row : null)}
              title={`Probe row ${r.row}: click to ${pinned.includes(r.row) ? 'unpin' : 'pin'} it in the manifold`}
            />
            <button
              type="button"
              className="icon open-input"
              aria-label={`Open this input (probe row ${r.row})`}
              title={`Open this input (probe row ${r.row}) in the token view`}
              data-testid="open-input"
              onClick={() => onOpenInput(r.row)}
            >
              ↗
            </button>
          </li>
        ))}
      </ol>
      {rows.length > FIRST && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'fewer' : `all ${rows.length}`}
        </button>
      )}
    </div>
  );
}
