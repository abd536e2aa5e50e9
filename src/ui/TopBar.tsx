// The top bar: the open model's name and sizes, the views, the engine menu, Share, Open, the
// shortcut list and the theme switch. Two groups (the model; the actions) that share one row when
// it is wide enough and wrap onto two when not: nothing is clipped or cut to an ellipsis.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ariaKeys, shortcutTitle } from '../core/shortcuts';
import { useAppStore } from '../state/appStore';
import { useViewStore } from '../state/viewStore';
import { TokenText } from './TokenText';
import { AddProbeSetButton } from './probes/AddProbeSetButton';

/**
 * `engine` is the engine menu, composed by the app; `onShare` opens the share dialog, `onHelp`
 * the shortcut list.
 */
export function TopBar({
  engine,
  onShare,
  onHelp,
}: {
  engine?: ReactNode;
  onShare?: (() => void) | null;
  onHelp?: () => void;
}) {
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
    <header className="topbar" role="banner" data-testid="topbar">
      <div className="topbar-model">
        <span className="brand">BAE Explorer</span>
        {model ? (
          <>
            <span className="model-name" data-testid="model-name">
              <TokenText text={model.name} maxChars={120} alwaysTitle />
            </span>
            {open.explorer ? (
              <div className="badges" data-testid="model-sizes" aria-label="Data sizes">
                <span
                  className="badge"
                  title="A folder in the paper explorer’s static layout: precomputed statistics, atlas map and per-latent files, without the model’s weights or a probe set"
                  data-testid="explorer-badge"
                >
                  paper explorer data
                </span>
                <span
                  className="badge"
                  title={`Latents in index.json (autoencoder ${open.explorer.autoencoder})`}
                  data-testid="size-c"
                >
                  {open.explorer.nLatents.toLocaleString('en-US')} latents
                </span>
                <span
                  className="badge"
                  title={`The language model the autoencoder reads (index.json model_name)`}
                >
                  on <TokenText text={open.explorer.modelName} maxChars={60} />
                </span>
                <span className="badge" title="No weights: nothing is computed for this data">
                  no weights
                </span>
              </div>
            ) : (
              <div className="badges" data-testid="model-sizes" aria-label="Model sizes">
                <span className="badge" title="Autoencoder kind (tdooms/bae)">
                  {model.kind}
                  {model.biased ? ' (biased)' : ''}
                </span>
                <span
                  className="badge"
                  title="d: model width (input dimension)"
                  data-testid="size-d"
                >
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
                <span
                  className="badge"
                  title="Storage dtype of the weights (computed in float32/64)"
                >
                  {model.dtype}
                </span>
                <span
                  className="badge"
                  title="Layer of the language model the activations come from"
                >
                  layer {model.layer ?? '—'}
                </span>
                <AddProbeSetButton
                  className={
                    open.probes ? 'badge badge-button' : 'badge badge-button badge-missing'
                  }
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
            )}
          </>
        ) : (
          <span className="muted">no model open</span>
        )}
      </div>
      <div className="topbar-actions">
        <nav className="view-nav" aria-label="Views">
          <button
            type="button"
            aria-pressed={viewKind === 'atlas' || viewKind === 'latent'}
            onClick={() => setView({ kind: 'atlas' })}
            title={shortcutTitle('atlas', 'Atlas of all composites')}
            aria-keyshortcuts={ariaKeys('atlas')}
          >
            Atlas
          </button>
          <button
            type="button"
            aria-pressed={viewKind === 'model'}
            onClick={() => setView({ kind: 'model' })}
            title={shortcutTitle(
              'model',
              'Model panel: reconstruction, sparsity, sizes, probe set',
            )}
            aria-keyshortcuts={ariaKeys('model')}
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
          title={shortcutTitle('open', 'Open a model from the bundled set, local files or a URL')}
          aria-keyshortcuts={ariaKeys('open')}
        >
          Open model
        </button>
        {onHelp && (
          <button
            type="button"
            onClick={onHelp}
            aria-label="Keyboard shortcuts"
            title={shortcutTitle('help', 'Keyboard shortcuts')}
            aria-keyshortcuts={ariaKeys('help')}
            data-testid="shortcuts-button"
          >
            ?
          </button>
        )}
        <button
          type="button"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          title={shortcutTitle('theme', 'Switch theme')}
          aria-keyshortcuts={ariaKeys('theme')}
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </div>
    </header>
  );
}
