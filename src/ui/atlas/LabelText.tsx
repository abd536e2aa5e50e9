// A composite's label as text (never HTML: labels and tokens are untrusted), drawn by
// ui/TokenText (invisible characters marked, clipped, full text in the title), and marked when
// it is automatic (italic + an "auto" badge) so it is never mistaken for a human's label.
import { LabelPieces } from '../TokenText';

/** Characters of a label shown before it is clipped (labels are at most 200; tokens any). */
const LABEL_CHARS = 80;

export function LabelText({ text, automatic }: { text: string; automatic: boolean }) {
  if (text === '') return <span className="muted">—</span>;
  return automatic ? (
    <span
      className="atlas-label-auto"
      title="Automatic label: the tokens that fire this composite most"
    >
      <em>
        <LabelPieces text={text} automatic maxChars={LABEL_CHARS} />
      </em>
      <span className="atlas-auto-badge">auto</span>
    </span>
  ) : (
    <span className="atlas-label-user">
      <LabelPieces text={text} automatic={false} maxChars={LABEL_CHARS} />
    </span>
  );
}
