// Keeps a failure of the map (a WebGL context that cannot be created or is lost at start-up, a
// shader that does not compile) inside the map pane: it shows what went wrong, and the list and
// the rest of the app keep working.
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class MapErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="atlas-map-missing" role="alert" data-testid="atlas-map-error">
        <strong>The map could not be drawn.</strong>
        <p>{this.state.error.message}. The list of composites beside it works without the map.</p>
      </div>
    );
  }
}
