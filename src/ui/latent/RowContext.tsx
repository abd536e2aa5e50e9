// A probe row's context as text: the tokens before, the firing token marked, the tokens after.
// React escapes everything, so hostile vocab entries show as the text they are.
import { visibleText } from '../../core/displayText';

export function RowContext({
  before,
  token,
  after,
}: {
  before: string;
  token: string;
  after: string;
}) {
  return (
    <span className="context">
      {visibleText(before)}
      <mark>{visibleText(token)}</mark>
      {visibleText(after)}
    </span>
  );
}
