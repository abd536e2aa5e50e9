// The only owner of CSV text (RFC 4180) in the app: the one writer every export uses (how a field
// is quoted, how formulas are neutralised, how numbers and line ends are written) and the reader.
// Pure. Writers: core/atlas/atlasTable (the atlas table), core/csvExport (the latent view's files)
// and the model panel's figures; readers: core/manifoldCsv and the tests that check each writer
// round-trips. Tested against hostile fields in csv.test.ts.
import { BaeFileError } from './errors';

/** A cell: text, a number (NaN/±Infinity become an empty field), or null (empty). */
export type CsvCell = string | number | null;

/** What may differ between files; quoting and formula neutralising never do. */
export interface CsvOptions {
  /** A finite number as text (default: String, the shortest text that reads back exactly). */
  number?: (v: number) => string;
  /** What ends every line, the last included (default LF; spreadsheet tables use CRLF). */
  eol?: '\n' | '\r\n';
}

/**
 * Text a spreadsheet would run as a formula (OWASP's CSV-injection list: = + - @ tab CR), also
 * after single quotes, so that the mark added below can always be told from the text: "'=" is
 * written "''=" and reads back as "'=".
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The neutralising mark of a written cell (see FORMULA_START), for readers to drop. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * A number as text with 7 significant digits (float32 carries about 7), shortest form; empty for
 * NaN and infinities (spreadsheets read an empty cell as "no value").
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(7)));
}

/**
 * One field. Numbers are written as numbers (so a negative value stays -0.5, never '-0.5), empty
 * when not finite; null is empty. Text that a spreadsheet would run as a formula gets a leading
 * single quote (every export is safe to open in a spreadsheet; the app itself keeps the raw
 * text, and readers drop the mark with unneutralise); then text is quoted when it holds a comma,
 * a quote, a line break or leading/trailing spaces (which readers would split on or trim), with
 * quotes doubled.
 */
export function csvField(cell: CsvCell, number: (v: number) => string = String): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? number(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A text cell as written, back to the text (drops csvField's neutralising quote). */
export function unneutralise(field: string): string {
  return NEUTRALISED.test(field) ? field.slice(1) : field;
}

/** A whole CSV document: the header line, then one line per row. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: CsvOptions = {},
): string {
  const eol = options.eol ?? '\n';
  const field = (cell: CsvCell) => csvField(cell, options.number);
  const lines = [header.map(field).join(',')];
  for (const row of rows) lines.push(row.map(field).join(','));
  return lines.join(eol) + eol;
}

/** Like toCsv, with `rows` lines of `header.length` cells each from `cell(row, column)`. */
export function writeCsv(
  header: readonly string[],
  rows: number,
  cell: (row: number, column: number) => CsvCell,
  options: CsvOptions = {},
): string {
  function* lines(): Generator<CsvCell[]> {
    for (let r = 0; r < rows; r++) yield Array.from(header, (_, c) => cell(r, c));
  }
  return toCsv(header, lines(), options);
}

/**
 * Splits CSV text into records of fields (RFC 4180: fields may be quoted with ", a quote inside
 * is doubled, quoted fields may hold commas and newlines; lines end in LF or CRLF, and a lone CR
 * is text — unless the first line ends in a lone CR, then every lone CR ends a line). Calls `onRecord(fields, line)` with
 * the 1-based line each record starts on; blank lines are skipped. Throws on an unterminated
 * quote or text after a closing quote, with the line.
 */
export function splitCsv(
  text: string,
  onRecord: (fields: string[], line: number) => void,
  fileName = 'CSV',
): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  let line = 1;
  // Lines end as the first one does. In a file of LF or CRLF lines a lone CR is text, as pandas
  // reads it inside quotes: Python's csv writer before 3.11.9/3.12.3 left it unquoted under
  // pandas' "\n" terminator. Only a file whose first line ends in a lone CR (classic Mac OS)
  // ends lines with it.
  const firstEnd = text.search(/[\r\n]/);
  const crLines = firstEnd >= 0 && text[firstEnd] === '\r' && text[firstEnd + 1] !== '\n';
  /** Whether a line ends at i (LF, CRLF, or a lone CR in a file of CR lines). */
  const lineEnd = (at: number): boolean => {
    const c = text.charCodeAt(at);
    return c === 10 || (c === 13 && (crLines || text.charCodeAt(at + 1) === 10));
  };
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text.charCodeAt(i) === 34 /* " */) {
        // Quoted field: runs to the next lone quote.
        let value = '';
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            throw new BaeFileError(
              fileName,
              `line ${start}: a quoted field is never closed`,
              'Close the quote (a quote inside a field is written twice: "")',
            );
          }
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(from, q + 1);
            i = from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
        fields.push(value);
        if (text.charCodeAt(i) !== 44 && !lineEnd(i) && i < n) {
          throw new BaeFileError(
            fileName,
            `line ${line}: unexpected text after a closing quote`,
            'Quote the whole field, and write a quote inside it twice ("")',
          );
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || ((c === 10 || c === 13) && lineEnd(j))) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
      } else {
        if (c === 13) i++;
        if (text.charCodeAt(i) === 10) i++;
        line++;
        endOfRecord = true;
      }
      if (i >= n && c === 44) {
        fields.push('');
        endOfRecord = true;
      }
    }
    if (!(fields.length === 1 && fields[0] === '')) onRecord(fields, start);
  }
}

/** Every record of CSV text as arrays of fields (splitCsv's records, collected). */
export function parseCsv(text: string, fileName = 'CSV'): string[][] {
  const rows: string[][] = [];
  splitCsv(text, (fields) => rows.push(fields), fileName);
  return rows;
}
