// The atlas map: every composite as a point of one THREE.Points (atlasScene.ts) under an
// orthographic camera, rendered on demand. A thin React shell: props map one-to-one onto the
// controller's setters (mapController.ts), gestures (gestures.ts) drive the controller through
// native listeners, and the view store sees the viewport only when a gesture ends.
import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import type { AtlasViewport, ScreenSize } from '../../core/atlas/viewport';
import { ATLAS_VISUALS } from './constants';
import { attachGestures } from './gestures';
import { MapController, type MapHover } from './mapController';

export type { MapHover };

/** What the page can ask of the map. */
export interface AtlasMapHandle {
  /** Shows every point. */
  fitAll: () => void;
  /** The map as a PNG (what is on screen, at device resolution). */
  toPng: () => Promise<Blob | null>;
  /** The live viewport (the store's copy lags behind gestures). */
  viewport: () => AtlasViewport;
  /** Page coordinates of composite `i`'s point, or null when it is not drawn. */
  clientPositionOf: (i: number) => [number, number] | null;
  /** Points drawn. */
  count: () => number;
}

export interface AtlasMapProps {
  /** [C, 2] UMAP coordinates. */
  xy: Float32Array;
  /** [C, 3] sRGB colours in [0, 1]. */
  colours: Float32Array;
  /** [C] importance (mean 1): point areas grow with its logarithm; null = one size for all. */
  importance: Float32Array | null;
  /** [C] EMPHASIS values (dimmed / normal / emphasised); null = all normal. */
  emphasis: Uint8Array | null;
  /** Composite highlighted from the list (ringed; brought into view). */
  highlighted: number | null;
  /** The store's viewport: null = fit all. */
  viewport: AtlasViewport | null;
  lassoMode: boolean;
  /** Changes when the theme does (colours are read from CSS variables). */
  theme: string;
  /** Accessible description of the map. */
  label: string;
  onViewportChange: (v: AtlasViewport | null) => void;
  onHover: (hover: MapHover | null) => void;
  onOpen: (index: number) => void;
  onBrush: (ids: number[]) => void;
  handle?: Ref<AtlasMapHandle>;
}

export function AtlasMap(props: AtlasMapProps) {
  const { xy, colours, importance, emphasis, highlighted, viewport, theme } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const lassoRef = useRef<SVGPathElement>(null);
  const hoverRef = useRef<SVGCircleElement>(null);
  const [ctl] = useState(() => new MapController(props));
  const [ready, setReady] = useState(false);
  const [size, setSize] = useState<ScreenSize>({ widthPx: 1, heightPx: 1 });

  useLayoutEffect(() => ctl.setInputs(props));
  useEffect(() => () => ctl.dispose(), [ctl]);
  useEffect(() => {
    ctl.setOverlay(lassoRef.current, hoverRef.current);
    const el = wrapRef.current;
    return el ? attachGestures(el, ctl) : undefined;
  }, [ctl]);

  // Only the layout and importance rebuild the points; colours and emphasis update in place.
  const latest = useRef({ colours, emphasis });
  useLayoutEffect(() => {
    latest.current = { colours, emphasis };
  });
  useEffect(() => {
    ctl.setLayout(xy, latest.current.colours, importance, latest.current.emphasis);
  }, [ctl, xy, importance]);
  useEffect(() => ctl.setColours(colours), [ctl, colours]);
  useEffect(() => ctl.setEmphasis(emphasis), [ctl, emphasis]);
  useEffect(() => ctl.setHighlight(highlighted ?? -1), [ctl, highlighted]);
  useEffect(() => {
    if (ready && wrapRef.current) ctl.setTheme(wrapRef.current);
  }, [ctl, ready, theme]);
  useEffect(() => {
    if (ready) ctl.syncViewport(viewport, size);
  }, [ctl, ready, viewport, size, xy]);

  useImperativeHandle(
    props.handle,
    () => ({
      fitAll: () => ctl.fitAll(),
      toPng: () => ctl.toPng(),
      viewport: () => ({ ...ctl.viewport() }),
      clientPositionOf: (i) => {
        const at = ctl.screenOf(i);
        const el = wrapRef.current;
        if (!at || !el) return null;
        const r = el.getBoundingClientRect();
        return [r.left + at[0], r.top + at[1]];
      },
      count: () => ctl.atlas.count,
    }),
    [ctl],
  );

  return (
    <div
      ref={wrapRef}
      className="atlas-map"
      data-testid="atlas-map"
      data-point-count={xy.length / 2}
      data-ready={ready ? 'true' : 'false'}
      role="application"
      aria-roledescription="map"
      aria-label={props.label}
      tabIndex={0}
    >
      <Canvas
        orthographic
        frameloop="demand"
        dpr={[1, 2]}
        // Kept so "Export PNG" reads exactly what is on screen.
        gl={{ preserveDrawingBuffer: true, antialias: false }}
        camera={{ position: [0, 0, 10], near: 0.1, far: 100, zoom: 1 }}
        onCreated={(state) => {
          ctl.attach(state);
          setReady(true);
        }}
        aria-hidden="true"
      >
        <primitive object={ctl.atlas.root} />
        <SizeWatch onSize={setSize} />
      </Canvas>
      <svg className="atlas-overlay" aria-hidden="true">
        <circle
          ref={hoverRef}
          className="atlas-hover-ring"
          visibility="hidden"
          strokeWidth={ATLAS_VISUALS.ringWidthPx}
        />
        <path ref={lassoRef} className="atlas-lasso" />
      </svg>
    </div>
  );
}

/** Reports the canvas size (CSS pixels) whenever R3F measures it. */
function SizeWatch({ onSize }: { onSize: (s: ScreenSize) => void }) {
  const size = useThree((s) => s.size);
  useEffect(() => onSize({ widthPx: size.width, heightPx: size.height }), [size, onSize]);
  return null;
}
