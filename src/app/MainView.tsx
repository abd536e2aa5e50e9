// The main area: the view the user is on (view store), composed from the ui/ views.
import { useViewStore } from '../state/viewStore';
import { ModelOverview } from '../ui/ModelOverview';
import { AtlasView } from '../ui/atlas/AtlasView';
import { LatentView } from '../ui/latent/LatentView';

export function MainView() {
  const view = useViewStore((s) => s.view);
  switch (view.kind) {
    case 'atlas':
      return <AtlasView />;
    case 'latent':
      return <LatentView composite={view.composite} />;
    case 'manifold-csv':
      return <LatentView composite={null} />;
    case 'model':
      return <ModelOverview />;
  }
}
