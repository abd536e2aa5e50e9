// A probe row's context as text: the tokens before, the firing token marked, the tokens after —
// drawn by ui/TokenText (marks for invisible characters, clipped around the token). React
// escapes everything, so hostile vocab entries show as the text they are.
import { ContextText } from '../TokenText';

export function RowContext({
  before,
  token,
  after,
}: {
  before: string;
  token: string;
  after: string;
}) {
  return <ContextText before={before} token={token} after={after} />;
}
