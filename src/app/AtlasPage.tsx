// The atlas, composed: the derived atlas model (ui/atlas/useAtlasModel), the WebGL map
// (scene/atlas) in the atlas view's map slot, the hover card, and the actions — search, colour,
// brushing, opening a latent, labels, exports — wired to the stores and to the file I/O.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Analysis } from '../core/analysis';
import { compositeId, probeRow } from '../core/ids';
import { LAYOUT_INFO } from '../core/relations/measures';
import { NO_WEIGHTS } from '../core/explorer/analysis';
import { AtlasMap, type AtlasMapHandle } from '../scene/atlas/AtlasMap';
import { hasWebGL } from '../scene/webgl';
import { usePanelStore } from '../state/panelStore';
import { useAppStore } from '../state/appStore';
import { useEngineStore } from '../state/engineStore';
import { useLabelStore } from '../state/labelStore';
import { useViewStore } from '../state/viewStore';
import type { AtlasActions } from '../ui/atlas/AtlasToolbar';
import { AtlasView } from '../ui/atlas/AtlasView';
import { createHoverChannel } from '../ui/atlas/hoverChannel';
import { HoverCard } from '../ui/atlas/HoverCard';
import { useAtlasModel } from '../ui/atlas/useAtlasModel';
import { NoProbesNotice } from '../ui/probes/NoProbesNotice';
import { exportCsv, exportLabels, exportPng, importLabels } from './atlasExport';
import { retryAtlas } from './session/current';
import { registerAtlasMap } from './atlasRegistry';

export function AtlasPage() {
  const analysis = useEngineStore((s) => s.analysis);
  const status = useEngineStore((s) => s.status);
  if (!analysis) {
    return (
      <div className="empty" data-testid="atlas-waiting">
        {status.state === 'failed'
          ? 'The analysis failed, so there is no atlas. Run it again from the Engine menu.'
          : 'The atlas appears when the engine has analysed the model.'}
      </div>
    );
  }
  return <AtlasReady analysis={analysis} />;
}

const patch = (p: Parameters<ReturnType<typeof useViewStore.getState>['patch']>[0]) =>
  useViewStore.getState().patch(p);
const openLatent = (k: number) =>
  useViewStore.getState().setView({ kind: 'latent', composite: compositeId(k) });
const openInput = (row: number) =>
  useViewStore.getState().setView({ kind: 'row', input: { source: 'probe', row: probeRow(row) } });

function AtlasReady({ analysis }: { analysis: Analysis }) {
  const model = useAtlasModel(analysis);
  const theme = useAppStore((s) => s.theme);
  const hasProbes = analysis.probes !== null;
  const explorer = useAppStore((s) => s.open?.explorer ?? null);
  const viewport = useViewStore((s) => s.atlasViewport);
  const [lassoMode, setLassoMode] = useState(false);
  const [hover] = useState(createHoverChannel);
  const [webgl] = useState(hasWebGL);
  const mapRef = useRef<AtlasMapHandle>(null);
  const { table, xy, nComposites } = model;
  const name = analysis.modelName;

  useEffect(() => {
    registerAtlasMap(mapRef.current);
    return () => registerAtlasMap(null);
  }, [xy, webgl]);

  const actions = useMemo<AtlasActions>(
    () => ({
      onSearch: (search) => patch({ search }),
      onColorBy: (colorBy) => patch({ colorBy }),
      onLayout: (layout) => patch({ layout }),
      onOpenInput: openInput,
      onClearSelection: () => patch({ selection: [] }),
      onClearPrefix: () => usePanelStore.getState().setPrefixK(null),
      onFitAll: () => mapRef.current?.fitAll(),
      onExportCsv: () => exportCsv(name, nComposites, table, xy),
      onExportPng: () =>
        void exportPng(name, () => mapRef.current?.toPng() ?? Promise.resolve(null)),
      onExportLabels: () => exportLabels(name),
      onImportLabels: (file) => void importLabels(file, nComposites, name),
    }),
    [name, nComposites, table, xy],
  );

  const map = xy && (
    <AtlasMap
      handle={mapRef}
      xy={xy}
      colours={model.colours}
      importance={model.sizeByImportance ? analysis.importance : null}
      emphasis={model.emphasis}
      highlighted={model.highlighted}
      viewport={viewport}
      lassoMode={lassoMode}
      theme={theme}
      label={`Atlas map of ${nComposites} composites (${LAYOUT_INFO[model.layoutShown ?? model.layout].label} layout), coloured by ${model.colorBy}. Drag to pan, wheel or pinch to zoom, shift+drag to lasso-select, click a point to open it; arrow keys pan, + and − zoom, F fits all.`}
      onViewportChange={(atlasViewport) => patch({ atlasViewport })}
      onHover={hover.set}
      onOpen={openLatent}
      onBrush={(selection) => {
        patch({ selection: selection.map(compositeId) });
        setLassoMode(false);
      }}
    />
  );

  return (
    <AtlasView
      notice={
        explorer ? (
          <p className="muted" data-testid="atlas-explorer">
            The paper explorer’s data of {explorer.autoencoder} on {explorer.modelName} (
            {explorer.nLatents.toLocaleString('en-US')} latents): the map is the files’ umap_x /
            umap_y, labels from curated.json. {NO_WEIGHTS}: circularity, the token search and
            re-analysis need the weights.
          </p>
        ) : hasProbes ? null : (
          <NoProbesNotice missing="density, circularity, automatic labels, the token search and every manifold need one." />
        )
      }
      model={model}
      actions={actions}
      map={map}
      overlay={<HoverCard channel={hover} model={model} />}
      webgl={webgl}
      lassoMode={lassoMode}
      onLassoMode={setLassoMode}
      onRetryLayout={retryAtlas}
      onHighlight={(k) => patch({ highlighted: k === null ? null : compositeId(k) })}
      onOpen={openLatent}
      onLabel={(id, text) => useLabelStore.getState().setLabel(id, text)}
      onOpenInput={openInput}
    />
  );
}
