// A composite's label as text (never HTML: labels and tokens are untrusted), marked when it is
// automatic (italic + an "auto" badge) so it is never mistaken for a human's label.
export function LabelText({ text, automatic }: { text: string; automatic: boolean }) {
  if (text === '') return <span className="muted">—</span>;
  return automatic ? (
    <span
      className="atlas-label-auto"
      title="Automatic label: the tokens that fire this composite most"
    >
      <em>{text}</em>
      <span className="atlas-auto-badge">auto</span>
    </span>
  ) : (
    <span className="atlas-label-user">{text}</span>
  );
}
