// The only owner of reading the project's own Markdown documents (docs/*.md, shipped in the
// bundle) into blocks the UI draws as React elements — never as HTML. The subset those documents
// use: ATX headings, paragraphs, fenced code, "-" lists (with indented continuation lines),
// pipe tables; inline `code`, **strong**, _emphasis_ and [links](target).

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: number; id: string; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'table'; head: Inline[][]; rows: Inline[][][] };

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Inline Markdown of one line or paragraph. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ kind: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (c === '*' && text[i + 1] === '*') {
      const end = text.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    } else if (c === '_' && (i === 0 || /[\s(]/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf('_', i + 1);
      if (end > i + 1 && !/\w/.test(text[end + 1] ?? '')) {
        flush();
        out.push({ kind: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    } else if (c === '[') {
      const close = text.indexOf('](', i + 1);
      const end = close > i ? text.indexOf(')', close + 2) : -1;
      if (close > i && end > close) {
        flush();
        out.push({
          kind: 'link',
          href: text.slice(close + 2, end),
          children: parseInline(text.slice(i + 1, close)),
        });
        i = end + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

/** The plain text of inline content (for heading ids). */
export function inlineText(inline: Inline[]): string {
  return inline
    .map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : inlineText(n.children)))
    .join('');
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => parseInline(c.trim()));

/** A Markdown document as blocks. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').startsWith('```')) body.push(lines[i++] ?? '');
      i++;
      blocks.push({ kind: 'code', lang: fence[1] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const children = parseInline(heading[2] ?? '');
      blocks.push({
        kind: 'heading',
        level: heading[1]?.length ?? 1,
        id: headingId(inlineText(children)),
        children,
      });
      i++;
      continue;
    }
    if (line.trimStart().startsWith('|')) {
      const rowsText: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trimStart().startsWith('|')) {
        rowsText.push(lines[i++] ?? '');
      }
      const [head = '', rule = '', ...rest] = rowsText;
      const isRule = /^[\s|:-]+$/.test(rule);
      blocks.push({
        kind: 'table',
        head: cells(head),
        rows: (isRule ? rest : [rule, ...rest]).map(cells),
      });
      continue;
    }
    if (/^\s*- /.test(line)) {
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        if (/^\s*- /.test(l)) items.push(l.replace(/^\s*- /, ''));
        else if (l.trim() && /^\s+/.test(l) && items.length) {
          items[items.length - 1] += ` ${l.trim()}`;
        } else break;
        i++;
      }
      blocks.push({ kind: 'list', items: items.map(parseInline) });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? '';
      if (!l.trim() || /^(#{1,6}\s|```|\s*- |\s*\|)/.test(l)) break;
      para.push(l.trim());
      i++;
    }
    blocks.push({ kind: 'paragraph', children: parseInline(para.join(' ')) });
  }
  return blocks;
}
