// The guide to making a probe set: docs/probes.md itself, shipped in the bundle and drawn by
// ui/Markdown, so the app and the repository say the same thing.
import { useMemo } from 'react';
import probesDoc from '../../../docs/probes.md?raw';
import { inlineText, parseMarkdown } from '../../core/markdown';
import { Markdown } from '../Markdown';
import { Dialog } from '../Dialog';

export function ProbeHelpDialog({ onClose }: { onClose: () => void }) {
  const blocks = useMemo(() => parseMarkdown(probesDoc), []);
  // The document's own title is the dialog's.
  const [title, ...body] = blocks;
  return (
    <Dialog
      titleId="probe-help-title"
      title={title?.kind === 'heading' ? inlineText(title.children) : 'Making a probe set'}
      className="doc-dialog"
      testId="probe-help"
      onClose={onClose}
    >
      <p className="hint">
        This is <code>docs/probes.md</code> from the repository; <code>tools/make_probes.py</code>{' '}
        is in the same repository.
      </p>
      <Markdown blocks={title?.kind === 'heading' ? body : blocks} />
    </Dialog>
  );
}
