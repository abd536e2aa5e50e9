// One composite in detail (placeholder until the latent view lands).
import { useViewStore } from '../../state/viewStore';

export function LatentView({ composite }: { composite: number | null }) {
  const setView = useViewStore((s) => s.setView);
  return (
    <div className="cards" data-testid="latent-view">
      <button type="button" onClick={() => setView({ kind: 'atlas' })}>
        ← Atlas
      </button>
      <h2>Composite {composite ?? '—'}</h2>
    </div>
  );
}
