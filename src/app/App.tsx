// The app shell: composes the top bar, the main view, the Open dialog, the status area and the
// window-wide drop target, and opens the bundled default model on start.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BaeFileError } from '../core/errors';
import { useAppStore } from '../state/appStore';
import { OpenModelDialog } from '../ui/OpenModelDialog';
import { StatusArea } from '../ui/StatusArea';
import { TopBar } from '../ui/TopBar';
import { EngineMenu } from '../ui/EngineMenu';
import { useEngineStore } from '../state/engineStore';
import { useViewStore } from '../state/viewStore';
import { statusAttr } from '../core/job';
import {
  changeBackend,
  clearCache,
  exportAnalysis,
  exportExplorer,
  rerunAnalysis,
} from './session/current';
import { MainView } from './MainView';
import { addProbeSet, openBundled, openFromUrl, openLocal } from './loadModel';
import { applyLink, currentLink, linkable, readLocation, startUrlSync } from './urlSync';
import type { UrlState } from '../core/urlState';
import { compressUrlState } from '../core/urlState';
import { ShareDialog } from '../ui/ShareDialog';
import { ProbeActionsContext, type ProbeActions } from '../ui/probes/probeActions';
import { ProbeHelpDialog } from '../ui/probes/ProbeHelpDialog';
import { ShortcutsDialog } from '../ui/ShortcutsDialog';
import { isShortcut, isTyping } from '../core/shortcuts';
import { fetchBundledIndex, localFilesFromDrop, localFilesFromInput } from './sources/sources';

export function App() {
  const { theme, dialogOpen, bundled, open } = useAppStore(
    useShallow((s) => ({
      theme: s.theme,
      dialogOpen: s.dialogOpen,
      bundled: s.bundled,
      open: s.open,
    })),
  );
  const analysisStatus = useEngineStore((s) => s.status);
  const dragging = useDropTarget();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useStartup();
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  const closeHelp = useCallback(() => setHelpOpen(false), []);
  useShortcuts(openHelp);

  const close = useCallback(() => useAppStore.getState().setDialogOpen(false), []);
  const [share, setShare] = useState<{ link: string; short: string | null } | null>(null);
  const closeShare = useCallback(() => setShare(null), []);
  const openShare = useCallback(() => {
    const link = currentLink();
    setShare({ link, short: null });
    const url = new URL(link);
    void compressUrlState(url.hash.slice(1)).then((z) => {
      url.hash = z;
      setShare((s) => (s && s.link === link ? { link, short: url.toString() } : s));
    });
  }, []);
  const [probeHelp, setProbeHelp] = useState(false);
  const closeProbeHelp = useCallback(() => setProbeHelp(false), []);
  const probeActions = useMemo<ProbeActions>(
    () => ({
      add: (file) => void addProbeSet({ file, name: file.name, path: file.name }),
      help: () => setProbeHelp(true),
    }),
    [],
  );
  const viewKind = useViewStore((s) => s.view.kind);
  const ownRow = useViewStore((s) => s.view.kind === 'row' && s.view.input.source === 'own');
  const shareCaveat =
    [
      !linkable(open?.source)
        ? 'This model was opened from local files, which a link cannot carry: the link opens the view on whatever model its reader has open. Open the model from a URL (Open model → URL) to share it.'
        : null,
      viewKind === 'manifold-csv'
        ? 'A manifold CSV is a local file: the link cannot carry it.'
        : null,
      ownRow
        ? 'Your own encoded rows stay in this tab: the link cannot carry them, so it opens the atlas. Share the activations file with the link.'
        : null,
    ]
      .filter((c) => c !== null)
      .join(' ') || null;
  const openName = open?.source.type === 'bundled' ? open.source.name : null;

  return (
    <ProbeActionsContext value={probeActions}>
      <div
        className="app"
        data-ready={open ? 'true' : 'false'}
        data-analysis={statusAttr(analysisStatus)}
      >
        <TopBar
          engine={
            <EngineMenu
              onPreference={changeBackend}
              onRerun={rerunAnalysis}
              onClearCache={clearCache}
              onExport={exportAnalysis}
              onExportExplorer={() => void exportExplorer()}
            />
          }
          onShare={open ? openShare : null}
          onHelp={openHelp}
        />
        <main className="main" aria-label="Explorer">
          <MainView />
        </main>
        {dialogOpen && (
          <OpenModelDialog
            bundled={bundled}
            openName={openName}
            onClose={close}
            onBundled={(name) => {
              close();
              void openBundled(name);
            }}
            onFiles={(list) => {
              close();
              void openLocal(localFilesFromInput(list));
            }}
            onUrl={(url) => {
              close();
              void openFromUrl(url);
            }}
            onProbeHelp={() => {
              close();
              setProbeHelp(true);
            }}
          />
        )}
        {share && (
          <ShareDialog
            link={share.link}
            shortLink={share.short}
            caveat={shareCaveat}
            onClose={closeShare}
          />
        )}
        {probeHelp && <ProbeHelpDialog onClose={closeProbeHelp} />}
        {helpOpen && <ShortcutsDialog onClose={closeHelp} />}
        <StatusArea />
        {dragging && (
          <div className="drop-overlay" aria-hidden="true">
            Drop a model folder, its files, a probe set or a manifold CSV
          </div>
        )}
      </div>
    </ProbeActionsContext>
  );
}

/** Opens a model named by a link: a bundled one (if it is in the index) or one at a URL. */
function openLinkedModel(model: NonNullable<UrlState['model']>): Promise<boolean> {
  if (model.type === 'url') return openFromUrl(model.url);
  const known = useAppStore.getState().bundled.some((m) => m.name === model.name);
  if (!known) {
    useAppStore
      .getState()
      .notify(
        'error',
        'The linked model is not bundled here',
        `The link names the bundled model "${model.name}", which this app does not ship.`,
      );
    return Promise.resolve(false);
  }
  return openBundled(model.name);
}

/**
 * Loads the bundled index, then opens the model the URL's link names (and applies its view),
 * or the default model; starts the URL sync.
 */
function useStartup() {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startUrlSync(openLinkedModel);
    void (async () => {
      try {
        const index = await fetchBundledIndex();
        useAppStore.getState().setBundled(index.models);
        const link = await readLocation();
        if (link?.state.model) {
          await applyLink(link, openLinkedModel);
          if (useAppStore.getState().open) return;
        }
        if (!useAppStore.getState().open) await openBundled(index.defaultName);
        if (link && !link.state.model) await applyLink(link, openLinkedModel);
      } catch (err) {
        const detail = err instanceof BaeFileError ? err.message : String(err);
        useAppStore.getState().notify('error', 'Could not list the bundled models', detail);
      }
    })();
  }, []);
}

/**
 * The keys that work everywhere (core/shortcuts): O opens the dialog, T switches the theme, A/M
 * the atlas/model views, ? the shortcut list. Not while typing or with a dialog open.
 */
function useShortcuts(onHelp: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      const s = useAppStore.getState();
      if (s.dialogOpen || document.querySelector('[role="dialog"]')) return;
      if (isShortcut('open', e)) {
        e.preventDefault();
        s.setDialogOpen(true);
      } else if (isShortcut('theme', e)) {
        s.setTheme(s.theme === 'dark' ? 'light' : 'dark');
      } else if (isShortcut('atlas', e)) {
        useViewStore.getState().setView({ kind: 'atlas' });
      } else if (isShortcut('model', e)) {
        useViewStore.getState().setView({ kind: 'model' });
      } else if (isShortcut('help', e)) {
        e.preventDefault();
        onHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onHelp]);
}

/** Window-wide drag-and-drop of files or folders. Returns whether a drag is over the window. */
function useDropTarget(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      if (!e.dataTransfer || !hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const data = e.dataTransfer;
      void localFilesFromDrop(data).then(
        (files) => openLocal(files),
        (err: unknown) =>
          useAppStore
            .getState()
            .notify(
              'error',
              'Could not read the dropped files',
              err instanceof Error ? err.message : String(err),
            ),
      );
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  return dragging;
}
