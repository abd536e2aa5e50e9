// The share dialog: the link to the current view with a copy button, its short form when that is
// shorter, and what a link cannot carry (models opened from local files, a manifold CSV). Each
// link is shown whole (it wraps), so it can be read before it is copied.
import { useRef, useState } from 'react';
import { Dialog } from './Dialog';

export interface ShareDialogProps {
  link: string;
  /** The short form, once computed (null while computing). */
  shortLink: string | null;
  /** Why the link does not reopen everything (local files), or null when it does. */
  caveat: string | null;
  onClose: () => void;
}

/** Rows a link needs in the dialog's field (about 70 characters a row), 2 to 6. */
function rowsFor(text: string): number {
  return Math.max(2, Math.min(6, Math.ceil(text.length / 70)));
}

export function ShareDialog({ link, shortLink, caveat, onClose }: ShareDialogProps) {
  const [copied, setCopied] = useState<'long' | 'short' | null>(null);
  const longRef = useRef<HTMLTextAreaElement>(null);
  // The compressed form is worth offering only when it is shorter than the plain link.
  const short = shortLink !== null && shortLink.length < link.length ? shortLink : null;

  const copy = async (text: string, which: 'long' | 'short') => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(which);
    } catch {
      // No clipboard permission: leave the text selected for Ctrl+C.
      longRef.current?.select();
      setCopied(null);
    }
  };

  return (
    <Dialog
      titleId="share-title"
      title="Share this view"
      onClose={onClose}
      focusFirst={() => longRef.current?.select()}
    >
      <p className="hint">
        The link reopens this model and view: the latent, its axes and camera, pinned points,
        colouring, the atlas’s viewport, search and selection, and the theme.
      </p>
      {caveat && (
        <p className="hint warn" data-testid="share-caveat">
          {caveat}
        </p>
      )}
      <label htmlFor="share-link">Link</label>
      <div className="share-row">
        <textarea
          id="share-link"
          className="share-field"
          ref={longRef}
          readOnly
          rows={rowsFor(link)}
          value={link}
          data-testid="share-link"
        />
        <button type="button" className="primary" onClick={() => void copy(link, 'long')}>
          {copied === 'long' ? 'Copied' : 'Copy link'}
        </button>
      </div>
      {short ? (
        <>
          <label htmlFor="share-short">Short link</label>
          <div className="share-row">
            <textarea
              id="share-short"
              className="share-field"
              readOnly
              rows={rowsFor(short)}
              value={short}
              data-testid="share-short"
            />
            <button type="button" onClick={() => void copy(short, 'short')}>
              {copied === 'short' ? 'Copied' : 'Copy short link'}
            </button>
          </div>
        </>
      ) : (
        <p className="hint" data-testid="share-short-state">
          {shortLink === null
            ? 'Computing a short form…'
            : `No shorter form: compressed, this link would take ${shortLink.length} characters instead of ${link.length}.`}
        </p>
      )}
    </Dialog>
  );
}
