// The top bar: the open model's name and sizes, the Open button and the theme switch.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../state/appStore';
import { useViewStore } from '../state/viewStore';
import { TokenText } from './TokenText';
import { AddProbeSetButton } from './probes/AddProbeSetButton';

/** `engine` is the engine menu, composed by the app; `onShare` opens the share dialog. */
export function TopBar({ engine, onShare }: { engine?: ReactNode; onShare?: (() => void) | null }) {
  const { open, theme, setTheme, setDialogOpen } = useAppStore(
    useShallow((s) => ({
      open: s.open,
      theme: s.theme,
      setTheme: s.setTheme,
      setDialogOpen: s.setDialogOpen,
    })),
  );
  const model = open?.model;
  const viewKind = useViewStore((s) => s.view.kind);
  const setView = useViewStore((s) => s.setView);
  return (
    <header className="topbar" role="banner">
      <span className="brand">BAE Explorer</span>
      {model ? (
        <>
          <span className="model-name" data-testid="model-name">
            <TokenText text={model.name} maxChars={120} alwaysTitle />
          </span>
          <div className="badges" data-testid="model-sizes" aria-label="Model sizes">
            <span className="badge" title="Autoencoder kind (tdooms/bae)">
              {model.kind}
              {model.biased ? ' (biased)' : ''}
            </span>
            <span className="badge" title="d: model width (input dimension)" data-testid="size-d">
              d={model.dModel}
            </span>
            <span
              className="badge"
              title="F: encoder features (d × expansion)"
              data-testid="size-f"
            >
              F={model.nFeatures}
            </span>
            <span
              className="badge"
              title={
                model.down
                  ? 'C: composites (rows of down)'
                  : 'C: composites (no down matrix: each feature is its own composite)'
              }
              data-testid="size-c"
            >
              C={model.nComposites}
            </span>
            <span className="badge" title="Storage dtype of the weights (computed in float32/64)">
              {model.dtype}
            </span>
            <span className="badge" title="Layer of the language model the activations come from">
              layer {model.layer ?? '—'}
            </span>
            <AddProbeSetButton
              className={open.probes ? 'badge badge-button' : 'badge badge-button badge-missing'}
              testId="probe-badge"
              title={
                open.probes
                  ? `Probe set: ${open.probes.fileName}, ${open.probes.n.toLocaleString()} rows — the inputs whose activations and manifolds are shown. Click to replace it.`
                  : 'No probe set: firing statistics, top activations and manifolds need one. Click to add a probes.safetensors made for this model (tools/make_probes.py).'
              }
              label={
                open.probes
                  ? `Probe set: ${open.probes.n.toLocaleString()} probes. Replace the probe set`
                  : 'No probe set. Add a probe set'
              }
            >
              {open.probes ? `${open.probes.n.toLocaleString()} probes` : 'no probes · add…'}
            </AddProbeSetButton>
          </div>
        </>
      ) : (
        <span className="muted">no model open</span>
      )}
      <nav className="view-nav" aria-label="Views">
        <button
          type="button"
          aria-pressed={viewKind === 'atlas' || viewKind === 'latent'}
          onClick={() => setView({ kind: 'atlas' })}
          title="Atlas of all composites (A)"
          aria-keyshortcuts="a"
        >
          Atlas
        </button>
        <button
          type="button"
          aria-pressed={viewKind === 'model'}
          onClick={() => setView({ kind: 'model' })}
          title="Model panel: sizes, config, probe set (M)"
          aria-keyshortcuts="m"
        >
          Model
        </button>
      </nav>
      <span className="spacer" />
      {engine}
      {onShare && (
        <button type="button" onClick={onShare} title="Copy a link that reopens this view">
          Share
        </button>
      )}
      <button
        type="button"
        className="primary"
        onClick={() => setDialogOpen(true)}
        title="Open a model from the bundled set, local files or a URL (O)"
        aria-keyshortcuts="o"
      >
        Open model
      </button>
      <button
        type="button"
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        title="Switch theme (T)"
        aria-keyshortcuts="t"
        data-testid="theme-toggle"
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
