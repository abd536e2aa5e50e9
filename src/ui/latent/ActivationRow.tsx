// One row of an activation list (top activations, a CSV's largest values, an explorer latent's
// contexts): its value and context, pinning the row's point on click, and marking the point
// while hovered or focused. Every such list links to the manifold the same way.
import { formatValue } from './format';
import { RowContext } from './RowContext';

export interface ActivationRowProps {
  /** The row's id on the manifold (probe row or file row). */
  row: number;
  value: number;
  text: { before: string; token: string; after: string };
  pinned: boolean;
  onPin: () => void;
  /** Marks (true) or unmarks (false) the row's point while hovered or focused. */
  onHover: (on: boolean) => void;
  title: string;
}

export function ActivationRow({
  row,
  value,
  text,
  pinned,
  onPin,
  onHover,
  title,
}: ActivationRowProps) {
  return (
    <button
      type="button"
      className={pinned ? 'act-row pinned' : 'act-row'}
      aria-pressed={pinned}
      data-row={row}
      onClick={onPin}
      onMouseEnter={() => onHover(true)}
      onMouseLeave={() => onHover(false)}
      onFocus={() => onHover(true)}
      onBlur={() => onHover(false)}
      title={title}
    >
      <span className={value >= 0 ? 'act-value pos' : 'act-value neg'}>{formatValue(value)}</span>
      <RowContext before={text.before} token={text.token} after={text.after} />
    </button>
  );
}
