// The atlas screen: toolbar, the map (a slot the app fills with the WebGL scene) with its legend
// and hover card, and the list of composites beside it. Shows why the map is missing when it is
// (no WebGL, still computing, cancelled, failed); the list works in every case.
import { useRef, type ReactNode } from 'react';
import { statusAttr } from '../../core/job';
import { AtlasLegend } from './AtlasLegend';
import { AtlasToolbar, type AtlasActions } from './AtlasToolbar';
import { CompositeList } from './CompositeList';
import { MapErrorBoundary } from './MapErrorBoundary';
import type { AtlasModel } from './useAtlasModel';
import './atlas.css';

interface Props {
  /** A note above the toolbar (e.g. what is missing without a probe set). */
  notice?: ReactNode;
  model: AtlasModel;
  actions: AtlasActions;
  /** The map scene; shown when `webgl` and a layout is ready. */
  map: ReactNode;
  /** Drawn over the map (the hover card). */
  overlay: ReactNode;
  webgl: boolean;
  lassoMode: boolean;
  onLassoMode: (on: boolean) => void;
  onRetryLayout: () => void;
  onHighlight: (id: number | null) => void;
  onOpen: (id: number) => void;
  onLabel: (id: number, text: string) => void;
  onOpenInput: (row: number) => void;
}

export function AtlasView(props: Props) {
  const { model } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const firstRow = useRef<(() => void) | null>(null);
  const mapReady = props.webgl && model.xy !== null;
  return (
    <div
      className="atlas"
      data-testid="atlas"
      data-layout={statusAttr(model.layoutStatus)}
      data-layout-kind={model.layoutShown ?? ''}
      data-input-search={model.inputSearch}
      data-match-count={model.matches?.length ?? model.nComposites}
      data-selection-count={model.selection.length}
      data-composites={model.nComposites}
    >
      {props.notice}
      <h2 className="visually-hidden">Atlas of {model.nComposites.toLocaleString()} composites</h2>
      <AtlasToolbar
        model={model}
        actions={props.actions}
        lassoMode={props.lassoMode}
        onLassoMode={props.onLassoMode}
        mapReady={mapReady}
        listRef={listRef}
        onToFirstResult={() => firstRow.current?.()}
      />
      <div className="atlas-body">
        <section className="atlas-map-pane" aria-labelledby="atlas-map-title">
          <h3 id="atlas-map-title" className="visually-hidden">
            Atlas map
          </h3>
          {mapReady ? (
            <>
              <MapErrorBoundary>{props.map}</MapErrorBoundary>
              {props.overlay}
              <AtlasLegend
                scale={model.scale}
                format={model.formats[model.colorBy]}
                sizeByImportance={model.sizeByImportance}
              />
              <p className="atlas-map-hint muted" aria-hidden="true">
                drag: pan · wheel/pinch: zoom · shift+drag: lasso · click: open
              </p>
            </>
          ) : (
            <MapMissing model={model} webgl={props.webgl} onRetry={props.onRetryLayout} />
          )}
        </section>
        <section className="atlas-list-pane" aria-labelledby="atlas-list-title">
          <h3 id="atlas-list-title" className="visually-hidden">
            List of composites
          </h3>
          <CompositeList
            gridRef={listRef}
            firstRowRef={firstRow}
            model={model}
            onHighlight={props.onHighlight}
            onOpen={props.onOpen}
            onLabel={props.onLabel}
            onOpenInput={props.onOpenInput}
          />
        </section>
      </div>
    </div>
  );
}

function MapMissing({
  model,
  webgl,
  onRetry,
}: {
  model: AtlasModel;
  webgl: boolean;
  onRetry: () => void;
}) {
  if (!webgl) {
    return (
      <div className="atlas-map-missing" role="status" data-testid="atlas-no-webgl">
        <strong>The map needs WebGL, which this browser does not provide.</strong>
        <p>
          Turn on hardware acceleration (or try another browser) to see the map. The list of
          composites beside it works without it: search, sort, label and export as usual.
        </p>
      </div>
    );
  }
  const status = model.layoutStatus;
  switch (status.state) {
    case 'failed':
      return (
        <div className="atlas-map-missing" role="alert" data-testid="atlas-layout-error">
          <strong>The map could not be computed.</strong>
          <p>{status.error}</p>
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      );
    case 'cancelled':
      return (
        <div className="atlas-map-missing" role="status">
          <strong>The map was cancelled.</strong>
          <p>
            <button type="button" onClick={onRetry}>
              Compute the map
            </button>
          </p>
        </div>
      );
    default:
      return (
        <div className="atlas-map-missing" role="status" data-testid="atlas-layout-running">
          Laying out {model.nComposites.toLocaleString()} composites (UMAP)… progress is shown in
          the status area.
        </div>
      );
  }
}
