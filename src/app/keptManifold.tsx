// One 3-D manifold canvas for the page's lifetime. Creating a WebGL canvas costs ~120 ms on
// software GL (context, renderer, first frame), every time the user comes back from the atlas;
// so the canvas lives in its own React root on a detached element, which the latent and
// manifold-CSV views adopt into their slot while shown. While detached its props stay frozen, so
// it neither draws nor reacts to the stores.
import { useLayoutEffect, useRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ManifoldCanvas, type ManifoldCanvasProps } from '../scene/manifold/ManifoldCanvas';
import { SceneBoundary } from '../ui/latent/ManifoldPane';

let host: { el: HTMLDivElement; root: Root } | null = null;

function ensureHost(): { el: HTMLDivElement; root: Root } {
  if (!host) {
    const el = document.createElement('div');
    el.className = 'manifold-host';
    host = { el, root: createRoot(el) };
  }
  return host;
}

/** The kept canvas, shown in place of this component with these props. */
export function KeptManifoldCanvas(props: ManifoldCanvasProps) {
  const slot = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const { el } = ensureHost();
    slot.current?.appendChild(el);
    return () => el.remove();
  }, []);
  // Every render of the view forwards its props (the host root renders them on its next tick).
  useLayoutEffect(() => {
    // Its own root: errors inside it (a refused WebGL context) need their own boundary.
    ensureHost().root.render(
      <SceneBoundary>
        <ManifoldCanvas {...props} />
      </SceneBoundary>,
    );
  });
  return <div ref={slot} className="manifold-slot" />;
}
