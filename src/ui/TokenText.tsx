// Token and context text on screen, drawn from core/tokenText's pieces: marks (⏎, ␣, \u{202e}…)
// are styled apart from the text, everything is clipped to a length, and the full text is in the
// title. Text only — React escapes it, so a hostile token shows as the characters it is.
import {
  boundText,
  clip,
  clipPieces,
  contextDisplay,
  displayPieces,
  displayText,
} from '../core/tokenText';
import type { DisplayMode, TextPiece } from '../core/tokenText';
import { LABEL_SEPARATOR, labelParts } from '../core/labels';
import { Fragment } from 'react';

/** How long a title (hover text) may be, in characters. */
const TITLE_CHARS = 1000;

export function Pieces({ pieces }: { pieces: readonly TextPiece[] }) {
  return (
    <>
      {pieces.map((p, i) =>
        p.mark ? (
          <span key={i} className="tok-mark">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

/**
 * One token, label or other untrusted text shown on its own: marks for invisible characters,
 * at most `maxChars` characters (then "…"), the full text as the title when clipped (or always,
 * with `alwaysTitle`, for places whose CSS may cut it shorter).
 */
export function TokenText({
  text,
  mode = 'alone',
  maxChars = 40,
  alwaysTitle = false,
  className,
}: {
  text: string;
  mode?: DisplayMode;
  maxChars?: number;
  alwaysTitle?: boolean;
  className?: string;
}) {
  const bounded = boundText(text, 4 * Math.max(maxChars, TITLE_CHARS));
  const pieces = displayPieces(bounded, mode);
  const shown = clipPieces(pieces, maxChars);
  const full = displayText(bounded, mode);
  const titled = alwaysTitle || bounded.length < text.length || Array.from(full).length > maxChars;
  return (
    <span className={className} title={titled ? clip(full, TITLE_CHARS) : undefined}>
      <Pieces pieces={shown} />
    </span>
  );
}

/**
 * A composite's label: an automatic label's tokens each drawn on its own (core/labels
 * labelParts), a user's label whole; at most `maxChars` characters per piece.
 */
export function LabelPieces({
  text,
  automatic,
  maxChars = 40,
}: {
  text: string;
  automatic: boolean;
  maxChars?: number;
}) {
  const parts = labelParts(text, automatic);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && LABEL_SEPARATOR}
          <TokenText text={part} maxChars={maxChars} />
        </Fragment>
      ))}
    </>
  );
}

/**
 * A token on its own as the chip every list draws a firing token with (the same as ContextText's
 * marked token): at most `maxChars` characters, the full text as the title when clipped.
 */
export function TokenChip({ text, maxChars = 24 }: { text: string; maxChars?: number }) {
  return (
    <mark className="token-chip">
      <TokenText text={text} maxChars={maxChars} />
    </mark>
  );
}

/** A probe row's context: the text around the firing token, the token marked, clipped around it. */
export function ContextText({
  before,
  token,
  after,
  className = 'context',
}: {
  before: string;
  token: string;
  after: string;
  className?: string;
}) {
  const c = contextDisplay({ before, token, after }, undefined, TITLE_CHARS);
  return (
    <span className={className} title={c.title}>
      <Pieces pieces={c.before} />
      <mark className="token-chip">
        <Pieces pieces={c.token} />
      </mark>
      <Pieces pieces={c.after} />
    </span>
  );
}
