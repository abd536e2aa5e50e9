// The latent and manifold-CSV views, composed: the ui views (ui/latent) with the 3-D manifold
// (scene/manifold, kept alive across views by keptManifold) in their canvas slot, and the image
// export wired to the file download.
import { useMemo } from 'react';
import { manifoldHandle } from '../scene/manifold/handle';
import { hasWebGL } from '../scene/webgl';
import { useAppStore } from '../state/appStore';
import { downloadBlob } from '../ui/download';
import { LatentView } from '../ui/latent/LatentView';
import type { ManifoldSlot } from '../ui/latent/ManifoldPane';
import { KeptManifoldCanvas } from './keptManifold';
import { needFeatures } from './session/current';
import { workers } from './session/workers';

function exportPng(stem: string): void {
  const handle = manifoldHandle();
  if (!handle) return;
  handle.capturePng().then(
    (blob) => downloadBlob(`${stem}-manifold.png`, blob),
    (err: unknown) =>
      useAppStore
        .getState()
        .notify(
          'error',
          'Could not export the image',
          err instanceof Error ? err.message : String(err),
        ),
  );
}

/** `composite` null shows the opened manifold CSV. */
export function LatentPage({ composite }: { composite: number | null }) {
  const manifold = useMemo<ManifoldSlot>(
    () => ({
      webgl: hasWebGL(),
      render: (p) => <KeptManifoldCanvas {...p} />,
      exportPng,
      diagnose: (req) => workers().shape.call('diagnose', req, { transfer: [req.xyz.buffer] }),
    }),
    [],
  );
  return <LatentView composite={composite} manifold={manifold} onNeedFeatures={needFeatures} />;
}
