// The share dialog: the link to the current view (long and short form) with copy buttons, and
// what a link cannot carry (models opened from local files, a manifold CSV).
import { useRef, useState } from 'react';
import { useDialogFocus } from './useDialogFocus';

export interface ShareDialogProps {
  link: string;
  /** The short form, once computed (null while computing). */
  shortLink: string | null;
  /** Why the link does not reopen everything (local files), or null when it does. */
  caveat: string | null;
  onClose: () => void;
}

export function ShareDialog({ link, shortLink, caveat, onClose }: ShareDialogProps) {
  const [copied, setCopied] = useState<'long' | 'short' | null>(null);
  const longRef = useRef<HTMLInputElement>(null);
  useDialogFocus(onClose, () => longRef.current?.select());

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
    <div
      className="backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="share-title">
        <div className="row">
          <h2 id="share-title" style={{ flex: 1 }}>
            Share this view
          </h2>
          <button type="button" onClick={onClose} aria-label="Close dialog">
            ×
          </button>
        </div>
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
        <div className="row">
          <input id="share-link" ref={longRef} readOnly value={link} data-testid="share-link" />
          <button type="button" className="primary" onClick={() => void copy(link, 'long')}>
            {copied === 'long' ? 'Copied' : 'Copy link'}
          </button>
        </div>
        <label htmlFor="share-short">Short link</label>
        <div className="row">
          <input
            id="share-short"
            readOnly
            value={shortLink ?? 'computing…'}
            data-testid="share-short"
          />
          <button
            type="button"
            disabled={!shortLink}
            onClick={() => shortLink && void copy(shortLink, 'short')}
          >
            {copied === 'short' ? 'Copied' : 'Copy short link'}
          </button>
        </div>
      </div>
    </div>
  );
}
