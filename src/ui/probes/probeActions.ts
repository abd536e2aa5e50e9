// The only owner of what the UI can ask about probe sets wherever one is missing or shown: add a
// probe set file to the open model, and show how to make one (docs/probes.md). The app provides
// both (ui cannot reach the app's loading code); empty states, the top bar and the Open dialog
// consume them.
import { createContext, useContext } from 'react';

export interface ProbeActions {
  /** Adds `file` as the open model's probe set (a bad file is refused by name; nothing is lost). */
  add: (file: File) => void;
  /** Opens the guide to making a probe set. */
  help: () => void;
}

const none: ProbeActions = { add: () => {}, help: () => {} };

export const ProbeActionsContext = createContext<ProbeActions>(none);

export function useProbeActions(): ProbeActions {
  return useContext(ProbeActionsContext);
}
