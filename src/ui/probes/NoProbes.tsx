// The empty state of every panel that needs a probe set: what is missing, why, the one command
// that makes it (core/probeCommand, with the open model's layer and folder filled in) with a
// copy button, and the ways to add one or to read how.
import { useState } from 'react';
import { LM_PLACEHOLDER, probeCommand } from '../../core/probeCommand';
import { useAppStore } from '../../state/appStore';
import { AddProbeSetButton } from './AddProbeSetButton';
import { useProbeActions } from './probeActions';
import './probes.css';

export interface NoProbesProps {
  /** What this panel would show, as the subject of "… need(s) a probe set" (e.g. "The manifold"). */
  needs: string;
  /** Whether `needs` is plural ("Top activations need …"). */
  plural?: boolean;
  /** A test id for the panel's empty state. */
  testId?: string;
  /** A narrow pane beside a full empty state: what is missing, the command, the add button. */
  compact?: boolean;
}

export function NoProbes({
  needs,
  plural = false,
  testId = 'no-probes',
  compact = false,
}: NoProbesProps) {
  const model = useAppStore((s) => s.open?.model ?? null);
  const { help } = useProbeActions();
  const [copied, setCopied] = useState(false);
  if (!model) return null;
  const command = probeCommand({ name: model.name, layer: model.layer });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  if (compact) {
    return (
      <div className="no-probes compact" data-testid={testId} role="note">
        <p>
          <strong>No probe set.</strong> {needs} {plural ? 'need' : 'needs'} one. Make it with:
        </p>
        <pre className="no-probes-command" data-testid="probe-command">
          <code>{command}</code>
        </pre>
        <AddProbeSetButton testId={`${testId}-add`} />
      </div>
    );
  }
  return (
    <div className="no-probes" data-testid={testId} role="note">
      <p>
        <strong>No probe set.</strong> {needs} {plural ? 'need' : 'needs'} a probe set: activations
        of the language model at this BAE&apos;s hook point
        {model.layer === null ? '' : ` (layer ${model.layer})`}, each with the text it came from.
        The spectrum and the atlas come from the weights alone.
      </p>
      <p className="no-probes-lead">Make one with:</p>
      <pre className="no-probes-command" data-testid="probe-command">
        <code>{command}</code>
      </pre>
      <p className="hint">
        Put your language model in place of <code>{LM_PLACEHOLDER}</code> (the one the BAE was
        trained on: tdooms/bae uses <code>Qwen/Qwen3-0.6B-Base</code>).
      </p>
      <div className="row">
        <AddProbeSetButton className="primary" testId={`${testId}-add`} />
        <button type="button" onClick={() => void copy()} title="Copy the command">
          {copied ? 'Copied' : 'Copy command'}
        </button>
        <button type="button" onClick={help} title="docs/probes.md: making a probe set">
          How to make one
        </button>
      </div>
    </div>
  );
}
