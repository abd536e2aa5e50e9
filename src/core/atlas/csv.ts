// The only owner of CSV writing (RFC 4180): field quoting, number formatting, and neutralising
// spreadsheet formulas in user text. Pure; the atlas export (core/atlas/atlasTable) writes its
// table with it. Tested against hostile fields in csv.test.ts.

/** A cell: text, a number (NaN/±Infinity become an empty field), or null (empty). */
export type CsvCell = string | number | null;

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
 * One field: numbers formatted; text quoted when it holds a comma, a quote, a line break or
 * leading/trailing spaces, with quotes doubled. Text that a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) is prefixed with a single quote: labels and tokens are user
 * or model text, and an exported file must not execute anything when opened.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatNumber(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: header line then rows, CRLF-terminated lines (RFC 4180). */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of strings.
 * The reader the tests use to check the writer round-trips.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
