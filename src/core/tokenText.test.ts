// Token text (core/tokenText): byte-level BPE tokens written by hand from GPT-2's bytes_to_unicode
// table decode to their text (characters split over two tokens rejoin in a context), the
// detection tells byte-level vocabularies from word lists, and the display marks make newlines,
// controls, bidi and zero-width characters and space-only tokens visible, clipped to a length.
import { describe, expect, it } from 'vitest';
import {
  BYTE_TO_SYMBOL,
  clip,
  clipPieces,
  contextDisplay,
  decodeByteLevel,
  decodeUtf8Escaped,
  displayPieces,
  displayText,
  isByteLevelVocab,
  joinTokenTexts,
  plainText,
} from './tokenText';
import { parseProbeSet } from './probes';
import { readFixture } from '../test/fixtures';

/** A byte-level token from bytes, through the bytes_to_unicode table. */
const sym = (...bytes: number[]) => String.fromCharCode(...bytes.map((b) => BYTE_TO_SYMBOL[b]!));
const utf8 = (s: string) => sym(...new TextEncoder().encode(s));

describe('bytes_to_unicode', () => {
  it('matches GPT-2: printable bytes stand for themselves, the rest from U+0100 on', () => {
    expect(sym(0x20)).toBe('Ġ');
    expect(sym(0x0a)).toBe('Ċ');
    expect(sym(0x09)).toBe('ĉ');
    expect(sym(0x00)).toBe('Ā');
    expect(sym(0x7f)).toBe('ġ');
    expect(sym(0xad)).toBe('Ń');
    expect(sym(0x41, 0xe2, 0xff)).toBe('Aâÿ');
    expect(new Set(BYTE_TO_SYMBOL).size).toBe(256);
    expect(utf8('’')).toBe('âĢĻ');
  });
});

describe('decodeByteLevel', () => {
  it('decodes real GPT-2 tokens to their text', () => {
    expect(decodeByteLevel('Ġthe')).toBe(' the');
    expect(decodeByteLevel('Ċ')).toBe('\n');
    expect(decodeByteLevel('ĊĊ')).toBe('\n\n');
    expect(decodeByteLevel('âĢĻt')).toBe('’t');
    expect(decodeByteLevel('ĠâĢĶ')).toBe(' —');
    expect(decodeByteLevel('Ġ')).toBe(' ');
    expect(decodeByteLevel('ĠĠĠ')).toBe('   ');
    expect(decodeByteLevel('ĉ')).toBe('\t');
    expect(decodeByteLevel('<|endoftext|>')).toBe('<|endoftext|>');
    // A token with a character outside the 256 symbols (an added token) stays as it is.
    expect(decodeByteLevel('<|im_start|>你')).toBe('<|im_start|>你');
  });

  it('keeps half a character as escaped bytes, and rejoins a character split over two tokens', () => {
    // 中 = E4 B8 AD, split as GPT-2 splits rare CJK: "ä¸" + "Ń".
    const head = decodeByteLevel('ä¸');
    const tail = decodeByteLevel('Ń');
    expect(head).toBe('\udce4\udcb8');
    expect(tail).toBe('\udcad');
    expect(joinTokenTexts([' a', head, tail, 'b'])).toBe(' a中b');
    expect(joinTokenTexts([head])).toBe('\udce4\udcb8');
    expect(displayText(head, 'alone')).toBe('\\x{e4}\\x{b8}');
    expect(plainText(head + 'x')).toBe('\ufffd\ufffdx');
  });

  it('writes U+FFFD for invalid UTF-8 inside a token, as TextDecoder does', () => {
    const cases: number[][] = [
      [0x61, 0xff, 0x62],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x80, 0x41],
      [0x61, 0x80, 0x62],
      [0xf4, 0x90, 0x80, 0x80],
    ];
    for (const bytes of cases) {
      expect(decodeUtf8Escaped(bytes), bytes.join(' ')).toBe(
        new TextDecoder().decode(new Uint8Array(bytes)),
      );
    }
    // Only a cut-off character at either end is kept as bytes.
    expect(decodeUtf8Escaped([0x99, 0x74])).toBe('\udc99t');
    expect(decodeUtf8Escaped([0x41, 0xf0, 0x9f])).toBe('A\udcf0\udc9f');
    expect(decodeUtf8Escaped(new TextEncoder().encode('naïve 😀'))).toBe('naïve 😀');
  });
});

describe('isByteLevelVocab', () => {
  const gpt2 = [
    '!',
    'the',
    'Ġthe',
    'Ġof',
    'Ġand',
    'Ċ',
    'ĊĊ',
    'âĢĻt',
    'ĠâĢĶ',
    'Ġ',
    'ĠĠĠ',
    'ä¸',
    'Ń',
    'ĉ',
    'ing',
    '<|endoftext|>',
  ];
  it('detects a byte-level vocabulary', () => {
    expect(isByteLevelVocab(gpt2)).toBe(true);
  });
  it('does not detect a decoded vocabulary, a word list or the bundled model', () => {
    expect(isByteLevelVocab(gpt2.map(decodeByteLevel))).toBe(false);
    expect(isByteLevelVocab(['the', 'of', 'and', 'Paris', 'naïve', 'Ġdańsk'])).toBe(false);
    expect(isByteLevelVocab([])).toBe(false);
    const bundled = parseProbeSet(
      readFixture('public/models/words-mixed/probes.safetensors'),
      'probes.safetensors',
    );
    expect(bundled.vocab.length).toBeGreaterThan(10_000);
    expect(isByteLevelVocab(bundled.vocab)).toBe(false);
    expect(bundled.byteLevel).toBe(false);
  });
});

describe('displayPieces', () => {
  it('marks newlines, tabs, CR, controls, bidi and zero-width characters', () => {
    expect(displayText('a\nb\tc\rd', 'context')).toBe('a⏎b⇥c␍d');
    expect(displayText('\u202Eexe.gpj', 'alone')).toBe('\\u{202e}exe.gpj');
    expect(displayText('a\u200Db', 'alone')).toBe('a\\u{200d}b');
    expect(displayText('\u2066x\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u00AD', 'context')).toBe(
      '\\u{2066}x\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{200b}\\u{2060}\\u{feff}\\u{ad}',
    );
    expect(displayText('\u001b[31m\u007f\u0085', 'context')).toBe('\\u{1b}[31m\\u{7f}\\u{85}');
    expect(displayText('x\u2028y', 'context')).toBe('x\\u{2028}y');
    expect(displayText('<img src=x onerror=alert(1)>', 'alone')).toBe(
      '<img src=x onerror=alert(1)>',
    );
    expect(displayPieces('a\u202Eb', 'context')).toEqual([
      { text: 'a', mark: false },
      { text: '\\u{202e}', mark: true },
      { text: 'b', mark: false },
    ]);
  });

  it('never lets a token that is only white space be invisible', () => {
    expect(displayText(' ', 'alone')).toBe('␣');
    expect(displayText('   ', 'token')).toBe('␣␣␣');
    expect(displayText('\u00a0', 'token')).toBe('\\u{a0}');
    expect(displayText('\n\n', 'token')).toBe('⏎⏎');
    // Inside a context line, spaces around words stay spaces.
    expect(displayText(' the', 'token')).toBe(' the');
    expect(displayText(' of the', 'context')).toBe(' of the');
  });

  it('marks edge spaces of text shown alone, so " the" and "the" differ', () => {
    expect(displayText(' the', 'alone')).toBe('␣the');
    expect(displayText('New York ', 'alone')).toBe('New York␣');
    expect(displayText('the', 'alone')).toBe('the');
    expect(displayText(decodeByteLevel('ĠâĢĶ'), 'alone')).toBe('␣—');
  });

  it('shows no character that could hide or reorder text, for any input', () => {
    const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\ud800-\udfff]/u;
    for (let c = 0; c < 0x3000; c++) {
      const text = displayText(`a${String.fromCharCode(c)}b`, 'alone');
      expect(hidden.test(text), c.toString(16)).toBe(false);
    }
  });
});

describe('clip', () => {
  it('caps text at a number of characters with an ellipsis, never splitting one', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(clip('😀😀😀😀😀', 3)).toBe('😀😀…');
    expect(clip('x'.repeat(10_000), 40).length).toBe(40);
  });

  it('clips pieces from either end, keeping marks whole', () => {
    const pieces = displayPieces('abc\u202Edef', 'context');
    expect(clipPieces(pieces, 6)).toEqual([
      { text: 'abc', mark: false },
      { text: '…', mark: false },
    ]);
    expect(clipPieces(displayPieces('abcdef', 'context'), 4, 'end')).toEqual([
      { text: '…', mark: false },
      { text: 'def', mark: false },
    ]);
  });

  it('clips a context around its token, with the whole line as a title', () => {
    const c = contextDisplay(
      { before: 'x'.repeat(10_000), token: 'T'.repeat(10_000), after: '\n' + 'y'.repeat(10_000) },
      { before: 10, token: 5, after: 8 },
      50,
    );
    expect(c.before.map((p) => p.text).join('')).toBe(`…${'x'.repeat(9)}`);
    expect(c.token.map((p) => p.text).join('')).toBe('TTTT…');
    expect(c.after.map((p) => p.text).join('')).toBe(`⏎${'y'.repeat(6)}…`);
    expect(c.title.length).toBe(50);
  });
});
