// The atlas's note when no probe set is open: most of the atlas works from the weights, but some
// columns and the token search are empty. Names what is missing, the command that makes a probe
// set for this model, and adds one.
import { probeCommand } from '../../core/probeCommand';
import { useAppStore } from '../../state/appStore';
import { AddProbeSetButton } from './AddProbeSetButton';
import { useProbeActions } from './probeActions';

export function NoProbesNotice({ missing }: { missing: string }) {
  const model = useAppStore((s) => s.open?.model ?? null);
  const { help } = useProbeActions();
  if (!model) return null;
  return (
    <div className="atlas-notice" role="note" data-testid="no-probes-atlas">
      <span>
        <strong>No probe set:</strong> {missing}
      </span>
      <span className="spacer" />
      <AddProbeSetButton className="primary" testId="no-probes-atlas-add" />
      <button type="button" onClick={help} title="docs/probes.md: making a probe set">
        How to make one
      </button>
      <pre
        className="no-probes-command"
        data-testid="probe-command"
        aria-label="Command that makes a probe set"
      >
        <code>{probeCommand({ name: model.name, layer: model.layer })}</code>
      </pre>
    </div>
  );
}
