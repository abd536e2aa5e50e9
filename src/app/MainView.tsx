// The main area: the view the user is on (view store), composed from the ui/ views. Also starts
// the atlas job, which follows the engine whatever view is shown (the map is ready on arrival).
import { useEffect } from 'react';
import { useViewStore } from '../state/viewStore';
import { ModelPanel } from '../ui/model/ModelPanel';
import { ensureFeatureDetails } from './featureJob';
import { AtlasPage } from './AtlasPage';
import { LatentPage } from './LatentPage';
import { installAtlasJob } from './atlasJob';

export function MainView() {
  const view = useViewStore((s) => s.view);
  useEffect(() => installAtlasJob(), []);
  switch (view.kind) {
    case 'atlas':
      return <AtlasPage />;
    case 'latent':
      return <LatentPage composite={view.composite} />;
    case 'manifold-csv':
      return <LatentPage composite={null} />;
    case 'model':
      return <ModelPanel onNeedFeatures={needFeatures} />;
  }
}

function needFeatures(features: number[]): void {
  void ensureFeatureDetails(features);
}
