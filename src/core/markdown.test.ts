import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headingId, inlineText, parseInline, parseMarkdown } from './markdown';

describe('parseInline', () => {
  it('reads code, strong, emphasis and links, and keeps everything else as text', () => {
    expect(parseInline('a `b*c` **d _e_** [f `g`](h.md#i) <img src=x>')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'code', text: 'b*c' },
      { kind: 'text', text: ' ' },
      {
        kind: 'strong',
        children: [
          { kind: 'text', text: 'd ' },
          { kind: 'em', children: [{ kind: 'text', text: 'e' }] },
        ],
      },
      { kind: 'text', text: ' ' },
      {
        kind: 'link',
        href: 'h.md#i',
        children: [
          { kind: 'text', text: 'f ' },
          { kind: 'code', text: 'g' },
        ],
      },
      { kind: 'text', text: ' <img src=x>' },
    ]);
  });

  it('leaves snake_case words and unclosed marks alone', () => {
    expect(inlineText(parseInline('make_probes.py and top_k, a `b and **c'))).toBe(
      'make_probes.py and top_k, a `b and **c',
    );
    expect(parseInline('make_probes.py')).toEqual([{ kind: 'text', text: 'make_probes.py' }]);
  });
});

describe('parseMarkdown', () => {
  it('splits headings, paragraphs, code, lists and tables', () => {
    const blocks = parseMarkdown(
      [
        '# Title here',
        '',
        'one',
        'two',
        '',
        '```sh',
        'a  b',
        '',
        'c',
        '```',
        '- x',
        '  more',
        '- y',
        '',
        '| h1 | h2 |',
        '| --- | --- |',
        '| a | `b` |',
      ].join('\n'),
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'code', 'list', 'table']);
    expect(blocks[0]).toMatchObject({ level: 1, id: 'title-here' });
    expect(blocks[1]).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: 'one two' }] });
    expect(blocks[2]).toEqual({ kind: 'code', lang: 'sh', text: 'a  b\n\nc' });
    expect(blocks[3]).toEqual({
      kind: 'list',
      items: [[{ kind: 'text', text: 'x more' }], [{ kind: 'text', text: 'y' }]],
    });
    expect(blocks[4]).toMatchObject({ head: [[{ text: 'h1' }], [{ text: 'h2' }]] });
    expect(blocks[4]?.kind === 'table' && blocks[4].rows[0]?.[1]).toEqual([
      { kind: 'code', text: 'b' },
    ]);
  });

  it('gives GitHub heading ids', () => {
    expect(headingId('2. A probe set (`probes.safetensors`)')).toBe(
      '2-a-probe-set-probessafetensors',
    );
  });

  it('reads docs/probes.md: the three commands are one code block under their heading', () => {
    const blocks = parseMarkdown(readFileSync('docs/probes.md', 'utf8'));
    const at = blocks.findIndex((b) => b.kind === 'heading' && b.id.startsWith('from-a-bae'));
    expect(at).toBeGreaterThan(0);
    const code = blocks.slice(at).find((b) => b.kind === 'code');
    expect(code?.kind === 'code' && code.text).toContain('python tools/make_probes.py');
    expect(blocks.some((b) => b.kind === 'table')).toBe(true);
  });
});
