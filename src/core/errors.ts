// The only owner of how a bad input file is reported. Every parser in core throws BaeFileError
// for a file it cannot use; the app shows `message` as is and may show `file`, `problem` and
// `fix` separately. Anything else thrown from core is a bug, not a bad file.

/** A file the app cannot use: which file, what is wrong with it, and what would fix it. */
export class BaeFileError extends Error {
  /** The file's name as the user knows it (e.g. `model.safetensors`). */
  readonly file: string;
  /** What is wrong, one clause without a final period (e.g. `tensor "left" is missing`). */
  readonly problem: string;
  /** What the user can do about it, one or two sentences. */
  readonly fix: string;

  constructor(file: string, problem: string, fix: string) {
    super(`${file}: ${problem}. ${fix}`);
    this.name = 'BaeFileError';
    this.file = file;
    this.problem = problem;
    this.fix = fix;
  }
}

/** How many characters of a value from a file or a link a message quotes, by default. */
export const QUOTE_CHARS = 80;

/** Items of an array or keys of an object that a message lists before "…". */
const QUOTE_ITEMS = 8;

/** Keys of an object counted for a message before it says "more than". */
const QUOTE_COUNT_KEYS = 100_000;

// Characters that would hide or reorder a message's text (controls, bidi and other format
// characters, line/paragraph separators, lone surrogates): quoted as \uXXXX escapes.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\ud800-\udfff]/gu;

function escapeHidden(text: string): string {
  return text.replace(HIDDEN, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function count(n: number, unit: string): string {
  return `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * A value from a file or a link as a message quotes it, in bounded time and length whatever its
 * size: a string JSON-quoted with control, bidi and invisible characters escaped (so it cannot
 * reorder or hide the message), at most `max` characters of it followed by "… (N characters)";
 * numbers, booleans and null as JSON writes them; an array or object by its first few items
 * (each quoted the same way) and its size. Never stringifies more than it shows.
 */
export function quoteValue(value: unknown, max = QUOTE_CHARS): string {
  return quote(value, max, 0);
}

function quote(value: unknown, max: number, depth: number): string {
  if (typeof value === 'string') {
    let shown = value.length > max ? value.slice(0, max) : value;
    // Do not cut a surrogate pair in two.
    if (shown.length < value.length && /[\ud800-\udbff]$/.test(shown)) shown = shown.slice(0, -1);
    const quoted = escapeHidden(JSON.stringify(shown));
    return shown.length < value.length
      ? `${quoted}… (${count(value.length, 'character')})`
      : quoted;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const inner = Math.max(12, Math.floor(max / 4));
  if (Array.isArray(value)) {
    if (depth > 0 && value.length > 0) return `[…] (${count(value.length, 'item')})`;
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; i < value.length && i < QUOTE_ITEMS && length < max; i++) {
      const part = quote(value[i], inner, depth + 1);
      parts.push(part);
      length += part.length + 2;
    }
    const text = `[${parts.join(', ')}${parts.length < value.length ? ', …' : ''}]`;
    return parts.length < value.length ? `${text} (${count(value.length, 'item')})` : text;
  }
  if (depth > 0) {
    for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return '{…}';
    return '{}';
  }
  const parts: string[] = [];
  let keys = 0;
  let length = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    // Counting stops somewhere: the message only needs to say the object is huge.
    if (++keys > QUOTE_COUNT_KEYS) break;
    if (parts.length < QUOTE_ITEMS && length < max) {
      const entry = (value as Record<string, unknown>)[key];
      const part = `${quote(key, inner, 1)}: ${quote(entry, inner, 1)}`;
      parts.push(part);
      length += part.length + 2;
    }
  }
  const text = `{${parts.join(', ')}${parts.length < keys ? ', …' : ''}}`;
  if (parts.length === keys) return text;
  return keys > QUOTE_COUNT_KEYS
    ? `${text} (more than ${count(QUOTE_COUNT_KEYS, 'key')})`
    : `${text} (${count(keys, 'key')})`;
}

/** An error message from a parser (e.g. JSON.parse's), bounded and with hidden characters escaped. */
export function quoteReason(reason: string, max = 160): string {
  const shown = reason.length > max ? `${reason.slice(0, max)}…` : reason;
  return escapeHidden(shown);
}
