// The only owner of CSV text (RFC 4180) in the app: how a field is quoted, how a number is
// written, which files neutralise spreadsheet formulas and which line ends they use (the two
// dialects below), and the reader. Pure. Writers: core/atlas/atlasTable (the atlas table),
// core/csvExport (the latent view's files) and the model panel; readers: core/manifoldCsv and the
// tests that check each writer round-trips. Tested against hostile fields in csv.test.ts.
import { BaeFileError } from './errors';

/** A cell: text, a number (NaN/±Infinity become an empty field), or null (empty). */
export type CsvCell = string | number | null;

/** How one kind of file writes its cells; every exporter names one of the dialects below. */
export interface CsvDialect {
  /** A finite number as text (non-finite numbers are always an empty field). */
  number: (v: number) => string;
  /** Prefix text that a spreadsheet would run as a formula with a single quote. */
  neutraliseFormulas: boolean;
  /** What ends every line, the last included. */
  eol: '\n' | '\r\n';
}

/**
 * Tables made to be opened in a spreadsheet (the atlas export, docs/atlas.md): numbers with 7
 * significant digits, formulas in label or token text neutralised (an exported file must not
 * execute anything when opened), CRLF lines.
 */
export const SPREADSHEET_CSV: CsvDialect = {
  number: formatNumber,
  neutraliseFormulas: true,
  eol: '\r\n',
};

/**
 * Data files that programs read back (the manifold points, which reopen in the manifold-CSV view;
 * spectra; the model panel's curves): numbers exactly as the caller gives them (round them first,
 * e.g. with float32Text), text verbatim, LF lines. Not neutralised: a leading quote would change
 * tokens such as "-" or "=" when the file is read back.
 */
export const DATA_CSV: CsvDialect = { number: String, neutraliseFormulas: false, eol: '\n' };

/** Characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A number as text: 7 significant digits (float32 carries about 7), shortest form; empty for
 * NaN and infinities (spreadsheets read an empty cell as "no value").
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(7)));
}

/**
 * One field in `dialect`: numbers as the dialect writes them (empty when not finite), null empty;
 * text quoted when it holds a comma, a quote, a line break or leading/trailing spaces (which
 * readers would split on or trim), with quotes doubled — after, in a dialect that neutralises
 * formulas, text starting with = + - @ tab or CR got a leading single quote.
 */
export function csvField(cell: CsvCell, dialect: CsvDialect): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? dialect.number(cell) : '';
  const text = dialect.neutraliseFormulas && FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document in `dialect`: the header line, then one line per row. */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  dialect: CsvDialect,
): string {
  const field = (cell: CsvCell) => csvField(cell, dialect);
  const lines = [header.map(field).join(',')];
  for (const row of rows) lines.push(row.map(field).join(','));
  return lines.join(dialect.eol) + dialect.eol;
}

/** Like toCsv, with `rows` lines of `header.length` cells each from `cell(row, column)`. */
export function writeCsv(
  header: readonly string[],
  rows: number,
  cell: (row: number, column: number) => CsvCell,
  dialect: CsvDialect,
): string {
  function* lines(): Generator<CsvCell[]> {
    for (let r = 0; r < rows; r++) yield Array.from(header, (_, c) => cell(r, c));
  }
  return toCsv(header, lines(), dialect);
}

/**
 * Splits CSV text into records of fields (RFC 4180: fields may be quoted with ", a quote inside
 * is doubled, quoted fields may hold commas and newlines). Calls `onRecord(fields, line)` with
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
        const c = text.charCodeAt(i);
        if (c !== 44 && c !== 10 && c !== 13 && i < n) {
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
          if (c === 44 || c === 10 || c === 13) break;
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
