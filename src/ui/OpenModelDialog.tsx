// The "Open model" dialog: bundled models, local files (files or a whole folder) and a URL.
// It only collects the user's choice; the app's loaders do the reading.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { BundledModelInfo } from '../core/sources';
import { Dialog } from './Dialog';
import './probes/probes.css';

type Tab = 'bundled' | 'files' | 'url';

export interface OpenModelDialogProps {
  bundled: BundledModelInfo[];
  openName: string | null;
  onBundled: (name: string) => void;
  onFiles: (files: FileList) => void;
  onUrl: (url: string) => void;
  onClose: () => void;
  /** Opens the guide to making a probe set (docs/probes.md). */
  onProbeHelp: () => void;
}

const EXAMPLE_URL =
  'https://huggingface.co/tdooms/<base>-scope/resolve/main/mixed-l18-x16-a100-b0/';

export function OpenModelDialog(props: OpenModelDialogProps) {
  const { bundled, openName, onBundled, onFiles, onUrl, onClose, onProbeHelp } = props;
  const [tab, setTab] = useState<Tab>('bundled');
  const [url, setUrl] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  // webkitdirectory is not in React's input props; set it on the element.
  useEffect(() => {
    folderRef.current?.setAttribute('webkitdirectory', '');
  }, [tab]);

  // Both pickers (files, folder): hand the choice over, then clear the input so that picking the
  // same files again still fires a change.
  const onPicked = (e: ChangeEvent<HTMLInputElement>) => {
    if (e.target.files && e.target.files.length > 0) onFiles(e.target.files);
    e.target.value = '';
  };

  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`open-tab-${id}`}
      aria-selected={tab === id}
      aria-controls={`open-panel-${id}`}
      onClick={() => setTab(id)}
    >
      {label}
    </button>
  );

  return (
    <Dialog
      titleId="open-title"
      title="Open model"
      onClose={onClose}
      boxRef={dialogRef}
      focusFirst={() =>
        dialogRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus()
      }
    >
      <div className="tabs" role="tablist" aria-label="Model source">
        {tabButton('bundled', 'Bundled')}
        {tabButton('files', 'Local files')}
        {tabButton('url', 'URL')}
      </div>

      {tab === 'bundled' && (
        <div role="tabpanel" id="open-panel-bundled" aria-labelledby="open-tab-bundled">
          <ul className="bundled-list">
            {bundled.map((m) => (
              <li key={m.name}>
                <div>
                  <div className="model-name">{m.title}</div>
                  <div className="hint">{m.description}</div>
                </div>
                <button
                  type="button"
                  className="primary"
                  onClick={() => onBundled(m.name)}
                  aria-label={`Open bundled model ${m.name}`}
                >
                  {openName === m.name ? 'Reopen' : 'Open'}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {tab === 'files' && (
        <div role="tabpanel" id="open-panel-files" aria-labelledby="open-tab-files">
          <p className="hint">
            A model folder in the tdooms/bae layout: <code>config.json</code> and{' '}
            <code>model.safetensors</code>, optionally with a probe set{' '}
            <code>probes.safetensors</code> and an analysis bundle <code>analysis.safetensors</code>{' '}
            (then nothing is computed). A probe set or a bundle alone is added to the open model; a
            manifold CSV (the reference code&apos;s <code>to_dataframe()</code> export) opens in its
            own 3-D view. You can also drop files or a folder anywhere on the window.
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => filesRef.current?.click()}>
              Choose files…
            </button>
            <button type="button" onClick={() => folderRef.current?.click()}>
              Choose folder…
            </button>
          </div>
          <input
            ref={filesRef}
            type="file"
            multiple
            accept=".json,.safetensors,.csv,.feather"
            className="visually-hidden"
            data-testid="file-input"
            aria-label="Model files"
            onChange={onPicked}
          />
          <input
            ref={folderRef}
            type="file"
            className="visually-hidden"
            data-testid="folder-input"
            aria-label="Model folder"
            onChange={onPicked}
          />
        </div>
      )}

      {tab === 'url' && (
        <form
          role="tabpanel"
          id="open-panel-url"
          aria-labelledby="open-tab-url"
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim() !== '') onUrl(url);
          }}
        >
          <p className="hint">
            The URL of a model folder (the one holding <code>config.json</code>), or a Hugging Face
            link to it, e.g. <code>{EXAMPLE_URL}</code>. The server must allow cross-origin
            requests.
          </p>
          <div className="row">
            <label htmlFor="model-url" className="visually-hidden">
              Model folder URL
            </label>
            <input
              id="model-url"
              type="url"
              value={url}
              placeholder="https://…/model-folder/"
              onChange={(e) => setUrl(e.target.value)}
              autoComplete="url"
              spellCheck={false}
            />
            <button type="submit" className="primary" disabled={url.trim() === ''}>
              Open URL
            </button>
          </div>
        </form>
      )}
      <p className="hint open-probes-note" data-testid="open-probes-note">
        A <strong>probe set</strong> (<code>probes.safetensors</code>) is a sample of your language
        model&apos;s activations at the BAE&apos;s hook point, each with the text it came from; the
        firing statistics, top activations and 3-D manifolds are computed on it, and a model opened
        without one shows only what the weights give. <code>tools/make_probes.py</code> makes one
        from your language model and a corpus —{' '}
        <button type="button" className="link-button" onClick={onProbeHelp}>
          how to make a probe set (docs/probes.md)
        </button>
        .
      </p>
    </Dialog>
  );
}
