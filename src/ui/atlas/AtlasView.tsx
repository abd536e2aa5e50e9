// The atlas: every composite of the open model (placeholder until the UMAP map lands).
import { useEngineStore } from '../../state/engineStore';
import { useViewStore } from '../../state/viewStore';

export function AtlasView() {
  const analysis = useEngineStore((s) => s.analysis);
  const setView = useViewStore((s) => s.setView);
  if (!analysis) {
    return (
      <div className="empty" data-testid="atlas-waiting">
        The atlas appears when the engine has analysed the model.
      </div>
    );
  }
  return (
    <div className="cards" data-testid="atlas">
      <ul>
        {Array.from({ length: Math.min(50, analysis.nComposites) }, (_, k) => (
          <li key={k}>
            <button type="button" onClick={() => setView({ kind: 'latent', composite: k })}>
              Composite {k}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
