// Keeps an unexpected error in one view (atlas, latent, model panel, manifold CSV) inside that
// view: it shows what went wrong with a way back, while the top bar, the open model and the
// other views stay intact — never a blank page. Reset when the view changes (`resetKey`).
import { Component, type ReactNode } from 'react';

interface Props {
  /** The view shown: a new key clears a previous error. */
  resetKey: string;
  /** What the view is called ("the atlas", "composite 47"). */
  name: string;
  /** Goes to the atlas (null when this is the atlas). */
  onBack: (() => void) | null;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: string;
}

export class ViewBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown): void {
    // Kept in the console for a bug report; the page shows the message.
    console.error(`The view ${this.props.name} failed:`, error);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="empty view-error" role="alert" data-testid="view-error">
        <strong>Something went wrong while showing {this.props.name}.</strong>
        <p className="muted">
          {error.name}: {error.message}. The open model and the other views are unaffected.
        </p>
        <p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          {this.props.onBack && (
            <button type="button" onClick={this.props.onBack}>
              ← Atlas
            </button>
          )}
        </p>
      </div>
    );
  }
}
