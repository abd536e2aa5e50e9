// The guide to making a probe set: docs/probes.md itself, shipped in the bundle and drawn by
// ui/Markdown, so the app and the repository say the same thing.
import { useMemo, useRef } from 'react';
import probesDoc from '../../../docs/probes.md?raw';
import { inlineText, parseMarkdown } from '../../core/markdown';
import { Markdown } from '../Markdown';
import { useDialogFocus } from '../useDialogFocus';

export function ProbeHelpDialog({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useDialogFocus(onClose, () => close.current?.focus());
  const blocks = useMemo(() => parseMarkdown(probesDoc), []);
  // The document's own title is the dialog's.
  const [title, ...body] = blocks;
  return (
    <div
      className="backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        className="dialog doc-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="probe-help-title"
        data-testid="probe-help"
      >
        <div className="row">
          <h2 id="probe-help-title" style={{ flex: 1 }}>
            {title?.kind === 'heading' ? inlineText(title.children) : 'Making a probe set'}
          </h2>
          <button type="button" ref={close} onClick={onClose} aria-label="Close dialog">
            ✕
          </button>
        </div>
        <p className="hint">
          This is <code>docs/probes.md</code> from the repository; <code>tools/make_probes.py</code>{' '}
          is in the same repository.
        </p>
        <Markdown blocks={title?.kind === 'heading' ? body : blocks} />
      </div>
    </div>
  );
}
