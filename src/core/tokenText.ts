// The only owner of how token text reads on screen, and of what a token's text is. Two layers:
//
// 1. Text: a probe set's vocabulary may be byte-level BPE (GPT-2, Qwen, Llama 3: every byte is
//    written as one printable symbol, `Ġ` = space, `Ċ` = newline, `âĢĻ` = the UTF-8 bytes of ’).
//    `isByteLevelVocab` detects such a vocabulary once per probe set (core/probes) and
//    `decodeByteLevel` turns each token into the text it stands for. Bytes that are not a whole
//    UTF-8 character — half of a character split over two tokens — are kept as lone surrogates
//    U+DC80–U+DCFF (Python's "surrogateescape"), so `joinTokenTexts` can rejoin a character
//    split over neighbouring tokens; `plainText` turns them into U+FFFD for files.
// 2. Display: `displayPieces` makes every character visible that would otherwise hide, move or
//    reorder text (newlines, tabs, controls, bidi and zero-width characters, stray bytes, a token
//    that is only spaces), and `clipPieces` caps the length. Renderers (ui/TokenText and the
//    manifold overlay) draw the pieces, marks styled apart; exports keep the text unmarked.
// Pure; consumed by core/probes, core/labels, ui/ and scene/manifold/overlay.

/**
 * GPT-2's `bytes_to_unicode`: byte b → the code point that stands for it. The printable Latin-1
 * bytes (! to ~, ¡ to ¬, ® to ÿ) stand for themselves; the other 68 (controls, space, DEL, NBSP,
 * soft hyphen) take U+0100 onwards in byte order, so space (0x20) is U+0120 `Ġ`, newline (0x0A)
 * is U+010A `Ċ` and tab (0x09) is U+0109 `ĉ`.
 */
export const BYTE_TO_SYMBOL: readonly number[] = (() => {
  const out: number[] = new Array<number>(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
    out[b] = printable ? b : next++;
  }
  return out;
})();

/** Code point → byte for the 256 byte symbols (-1 for every other code point below 324). */
const SYMBOL_TO_BYTE: Int16Array = (() => {
  const out = new Int16Array(324).fill(-1);
  BYTE_TO_SYMBOL.forEach((symbol, byte) => (out[symbol] = byte));
  return out;
})();

const SPACE_SYMBOL = 0x120; // Ġ

/** Shares that make a vocabulary byte-level (see isByteLevelVocab). */
export const BYTE_LEVEL_RULE = { minAlphabetShare: 0.95, minSpaceSymbolShare: 0.1 } as const;

function inByteAlphabet(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 324 || SYMBOL_TO_BYTE[c] === -1) return false;
  }
  return true;
}

/**
 * Whether a vocabulary is written in byte-level BPE symbols. Heuristic, over the non-empty
 * tokens: at least 95% consist only of the 256 byte symbols (a byte-level vocabulary never holds
 * a raw space, newline or control character; the rest allows for added special tokens), and at
 * least 10% start with `Ġ`, the symbol of a space (about half of GPT-2's and a third or more of
 * Qwen's tokens do; an English word list has none, and a decoded vocabulary writes its leading
 * spaces as spaces, which fails the first test).
 */
export function isByteLevelVocab(vocab: readonly string[]): boolean {
  let tokens = 0;
  let alphabet = 0;
  let space = 0;
  for (const token of vocab) {
    if (token === '') continue;
    tokens++;
    if (inByteAlphabet(token)) alphabet++;
    if (token.charCodeAt(0) === SPACE_SYMBOL) space++;
  }
  return (
    tokens > 0 &&
    alphabet >= BYTE_LEVEL_RULE.minAlphabetShare * tokens &&
    space >= BYTE_LEVEL_RULE.minSpaceSymbolShare * tokens
  );
}

/** The escape of a byte that is not part of a whole UTF-8 character (surrogateescape). */
const ESCAPE_BASE = 0xdc00;

function isEscape(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff;
}

/** Length of the UTF-8 sequence a lead byte starts, and the range of its second byte; null if invalid. */
function leadInfo(b: number): [length: number, lo: number, hi: number] | null {
  if (b >= 0xc2 && b <= 0xdf) return [2, 0x80, 0xbf];
  if (b === 0xe0) return [3, 0xa0, 0xbf];
  if (b === 0xed) return [3, 0x80, 0x9f]; // no UTF-16 surrogates
  if (b >= 0xe1 && b <= 0xef) return [3, 0x80, 0xbf];
  if (b === 0xf0) return [4, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [4, 0x80, 0xbf];
  if (b === 0xf4) return [4, 0x80, 0x8f]; // ≤ U+10FFFF
  return null;
}

/**
 * UTF-8 bytes → text, where bytes at either end that are part of a character cut off by the
 * edge (up to 3 continuation bytes at the start; a valid but unfinished sequence at the end)
 * become escapes U+DC80–U+DCFF, and any other invalid sequence becomes one U+FFFD (per maximal
 * invalid subpart, as TextDecoder does).
 */
export function decodeUtf8Escaped(bytes: ArrayLike<number>): string {
  const n = bytes.length;
  const out: number[] = [];
  let i = 0;
  // A character's tail cut off by the start: continuation bytes before any lead byte.
  while (i < n && i < 3 && ((bytes[i] ?? 0) & 0xc0) === 0x80)
    out.push(ESCAPE_BASE + (bytes[i++] ?? 0));
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      out.push(b);
      i++;
      continue;
    }
    const info = leadInfo(b);
    if (!info) {
      out.push(0xfffd);
      i++;
      continue;
    }
    const [length, lo, hi] = info;
    let code = b & (0xff >> (length + 1));
    let k = 1;
    for (; k < length && i + k < n; k++) {
      const c = bytes[i + k] ?? 0;
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c < min || c > max) break;
      code = (code << 6) | (c & 0x3f);
    }
    if (k === length) {
      out.push(code);
      i += length;
    } else if (i + k === n) {
      // Valid so far and cut off by the end: a character's head.
      for (let t = i; t < n; t++) out.push(ESCAPE_BASE + (bytes[t] ?? 0));
      i = n;
    } else {
      out.push(0xfffd);
      i += k;
    }
  }
  let text = '';
  for (let s = 0; s < out.length; s += 4096) {
    text += String.fromCodePoint(...out.slice(s, s + 4096));
  }
  return text;
}

/**
 * The text a byte-level token stands for (see decodeUtf8Escaped for bytes that are not a whole
 * character). A token with a character outside the 256 byte symbols (an added token such as a
 * chat marker written as text) is returned as it is.
 */
export function decodeByteLevel(token: string): string {
  if (!inByteAlphabet(token)) return token;
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) bytes[i] = SYMBOL_TO_BYTE[token.charCodeAt(i)] ?? 0;
  return decodeUtf8Escaped(bytes);
}

/**
 * Tokens' texts joined into one, rejoining the characters split between neighbouring tokens:
 * every run of escaped bytes is decoded again as a whole (so the two halves of 中 read 中, while
 * half a character at either end of the run stays escaped).
 */
export function joinTokenTexts(texts: readonly string[]): string {
  const joined = texts.join('');
  if (!/[\udc80-\udcff]/.test(joined)) return joined;
  return joined.replace(/[\udc80-\udcff]+/g, (run) =>
    decodeUtf8Escaped(Array.from(run, (c) => c.charCodeAt(0) - ESCAPE_BASE)),
  );
}

/** Text for files and search: escaped bytes (half characters) become U+FFFD, as a decoder writes them. */
export function plainText(text: string): string {
  return text.replace(/[\udc80-\udcff]/g, '\ufffd');
}

/** A run of display text; `mark` pieces stand for something invisible and are styled apart. */
export interface TextPiece {
  text: string;
  mark: boolean;
}

/**
 * Where text is shown, which decides what happens to spaces:
 * - `context`: the words around a firing token: spaces stay spaces.
 * - `token`: the firing token inside a context line: spaces stay, unless the token is only white
 *   space, which then shows as marks (␣) so it is never invisible.
 * - `alone`: a chip, a label, a list row — text with nothing around it: leading and trailing
 *   spaces show as ␣ (" the" reads ␣the, and differs from "the"), inner spaces stay.
 */
export type DisplayMode = 'context' | 'token' | 'alone';

/** The marks for characters that would be invisible, move text or break a line. */
export const MARKS = { space: '␣', newline: '⏎', tab: '⇥', return: '␍' } as const;

// Controls (C0, DEL, C1), format characters (bidi controls U+202A–202E, U+2066–2069, U+200E/F,
// U+061C, zero-width U+200B–200D, U+2060, U+FEFF, soft hyphen…), line/paragraph separators, lone
// surrogates, and the Hangul fillers that render as nothing.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\ud800-\udfff\u115f\u1160\u3164\uffa0]/u;
const BLANK = /^[\p{White_Space}]$/u;

function codeMark(c: number): string {
  return isEscape(c) ? `\\x{${(c - ESCAPE_BASE).toString(16)}}` : `\\u{${c.toString(16)}}`;
}

/** One code point as display text: its mark, or null when it shows as itself. */
function markOf(ch: string, visibleSpace: boolean): string | null {
  if (ch === '\n') return MARKS.newline;
  if (ch === '\t') return MARKS.tab;
  if (ch === '\r') return MARKS.return;
  const c = ch.codePointAt(0) ?? 0;
  if (HIDDEN.test(ch)) return codeMark(c);
  if (visibleSpace && BLANK.test(ch)) return ch === ' ' ? MARKS.space : codeMark(c);
  return null;
}

/**
 * `text` as pieces to draw (see DisplayMode): newline ⏎, tab ⇥, CR ␍, other controls, bidi,
 * zero-width and format characters as `\u{202e}`, bytes that are not a whole character as
 * `\x{e2}`, and visible spaces as ␣ (other blank characters as `\u{a0}`) — so no token can hide,
 * reorder the text around it, or break a line.
 */
export function displayPieces(text: string, mode: DisplayMode): TextPiece[] {
  const chars = Array.from(text);
  const blank = chars.length > 0 && chars.every((ch) => BLANK.test(ch));
  let lead = 0;
  let trail = chars.length;
  if (mode === 'alone') {
    while (lead < chars.length && BLANK.test(chars[lead] ?? '')) lead++;
    while (trail > lead && BLANK.test(chars[trail - 1] ?? '')) trail--;
  }
  const pieces: TextPiece[] = [];
  const push = (s: string, mark: boolean) => {
    const last = pieces[pieces.length - 1];
    if (last && last.mark === mark) last.text += s;
    else pieces.push({ text: s, mark });
  };
  chars.forEach((ch, i) => {
    const visibleSpace = blank ? mode !== 'context' : mode === 'alone' && (i < lead || i >= trail);
    const mark = markOf(ch, visibleSpace);
    push(mark ?? ch, mark !== null);
  });
  return pieces;
}

/** displayPieces as one string (for titles, aria labels and canvas text). */
export function displayText(text: string, mode: DisplayMode): string {
  return displayPieces(text, mode)
    .map((p) => p.text)
    .join('');
}

/** Text shown alone as one clipped display string (pin labels, canvas text, aria labels). */
export function displayLine(text: string, maxChars: number, mode: DisplayMode = 'alone'): string {
  return clipPieces(displayPieces(boundText(text, 4 * maxChars), mode), maxChars)
    .map((p) => p.text)
    .join('');
}

/** Length of pieces in code points. */
function piecesLength(pieces: readonly TextPiece[]): number {
  let n = 0;
  for (const p of pieces) n += Array.from(p.text).length;
  return n;
}

/**
 * Pieces cut to at most `maxChars` code points with an ellipsis (a mark is kept whole or
 * dropped); `from: 'end'` keeps the end instead (the words just before a firing token).
 */
export function clipPieces(
  pieces: readonly TextPiece[],
  maxChars: number,
  from: 'start' | 'end' = 'start',
): TextPiece[] {
  if (piecesLength(pieces) <= maxChars) return pieces.slice();
  const budget = Math.max(0, maxChars - 1);
  const ordered = from === 'start' ? pieces : [...pieces].reverse();
  const out: TextPiece[] = [];
  let left = budget;
  for (const p of ordered) {
    const chars = Array.from(p.text);
    if (chars.length <= left) {
      out.push(p);
      left -= chars.length;
      continue;
    }
    if (!p.mark && left > 0) {
      const kept = from === 'start' ? chars.slice(0, left) : chars.slice(chars.length - left);
      out.push({ text: kept.join(''), mark: false });
    }
    break;
  }
  const ellipsis = { text: '…', mark: false };
  return from === 'start' ? [...out, ellipsis] : [ellipsis, ...out.reverse()];
}

/**
 * At most `units` UTF-16 units from the start (or end) of `text`: a bound on the work of drawing
 * a huge token before it is clipped. Cut generously (the callers clip to far fewer characters),
 * so a surrogate pair split at the cut never reaches the screen.
 */
export function boundText(text: string, units: number, from: 'start' | 'end' = 'start'): string {
  if (text.length <= units) return text;
  return from === 'start' ? text.slice(0, units) : text.slice(text.length - units);
}

/** Text cut to at most `maxChars` code points, with an ellipsis (never splits a character). */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
}

/** How many characters each part of a context line shows at most (the rest is clipped). */
export const CONTEXT_CHARS = { before: 80, token: 40, after: 60 } as const;

/** A probe row's context ready to draw: each part marked and clipped, and its full text. */
export interface ContextDisplay {
  before: TextPiece[];
  token: TextPiece[];
  after: TextPiece[];
  /** The whole context as display text, capped at `titleChars` (for a title or hover). */
  title: string;
}

/**
 * A context line (text before the firing token, the token, text after): spaces stay spaces,
 * the token is never invisible, and the parts are clipped around the token (the end of `before`
 * and the start of `after` are kept).
 */
export function contextDisplay(
  c: { before: string; token: string; after: string },
  limits: { before: number; token: number; after: number } = CONTEXT_CHARS,
  titleChars = 1000,
): ContextDisplay {
  const units = 4 * Math.max(titleChars, limits.before, limits.token, limits.after);
  const before = displayPieces(boundText(c.before, units, 'end'), 'context');
  const token = displayPieces(boundText(c.token, units), 'token');
  const after = displayPieces(boundText(c.after, units), 'context');
  const title = [before, token, after].map((p) => p.map((q) => q.text).join('')).join('');
  return {
    before: clipPieces(before, limits.before, 'end'),
    token: clipPieces(token, limits.token),
    after: clipPieces(after, limits.after),
    title: clip(title, titleChars),
  };
}
