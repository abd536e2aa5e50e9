// The main area: the view the user is on (view store), composed from the ui/ views, each inside
// its own error boundary (an unexpected error shows there; the shell and the model stay).
import { useViewStore, type View } from '../state/viewStore';
import { ModelPanel } from '../ui/model/ModelPanel';
import { ViewBoundary } from '../ui/ViewBoundary';
import { AtlasPage } from './AtlasPage';
import { LatentPage } from './LatentPage';
import { RowPage } from './RowPage';
import { needFeatures, needPcaFloor } from './session/current';

const toAtlas = () => useViewStore.getState().setView({ kind: 'atlas' });

function describe(view: View): { key: string; name: string } {
  switch (view.kind) {
    case 'latent':
      return { key: `latent:${view.composite}`, name: `composite ${view.composite}` };
    case 'row':
      return view.input.source === 'probe'
        ? { key: `row:${view.input.row}`, name: `probe row ${view.input.row}` }
        : { key: `own:${view.input.index}`, name: 'your row' };
    case 'manifold-csv':
      return { key: 'manifold-csv', name: 'the manifold CSV' };
    case 'model':
      return { key: 'model', name: 'the model panel' };
    case 'atlas':
      return { key: 'atlas', name: 'the atlas' };
  }
}

function content(view: View) {
  switch (view.kind) {
    case 'atlas':
      return <AtlasPage />;
    case 'latent':
      return <LatentPage composite={view.composite} />;
    case 'row':
      return <RowPage input={view.input} />;
    case 'manifold-csv':
      return <LatentPage composite={null} />;
    case 'model':
      return <ModelPanel onNeedFeatures={needFeatures} onNeedPcaFloor={needPcaFloor} />;
  }
}

export function MainView() {
  const view = useViewStore((s) => s.view);
  const { key, name } = describe(view);
  return (
    <ViewBoundary resetKey={key} name={name} onBack={view.kind === 'atlas' ? null : toAtlas}>
      {content(view)}
    </ViewBoundary>
  );
}
