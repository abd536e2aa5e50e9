// The only owner of the manifold CSV format: the reference code's export (tdooms/bae
// utils/manifold.py, `Manifold.to_dataframe().to_csv()`), columns `,x,y,z,value,token` with a
// pandas index column first and tokens reading "current -> predicted". Parses and validates the
// text (RFC 4180 quoting, as pandas writes it); the manifold-CSV view and its loader consume it.
import { splitCsv, unneutralise } from './csv';
import { BaeFileError, quoteValue } from './errors';

/** A validated manifold CSV. */
export interface ManifoldCsv {
  fileName: string;
  /** Rows (≥ 1). */
  n: number;
  /** [n, 3] point coordinates, row-major. */
  xyz: Float32Array;
  /** [n] the value each point is coloured by. */
  value: Float32Array;
  /** [n] token text as written ("current -> predicted"). */
  token: string[];
}

export const MANIFOLD_CSV_COLUMNS = ['x', 'y', 'z', 'value', 'token'] as const;

const FIX =
  'Write the file with the reference code: Manifold(...).to_dataframe().to_csv(path) (columns ",x,y,z,value,token")';

/**
 * Parses a manifold CSV. The header must name x, y, z, value and token (a first column that is
 * none of them, as pandas writes the index, is ignored; so are extra columns). Every row needs
 * finite numbers in x, y, z and value. Throws BaeFileError naming the file, the line and the
 * problem.
 */
export function parseManifoldCsv(text: string, fileName: string): ManifoldCsv {
  const fail = (problem: string, fix = FIX) => new BaeFileError(fileName, problem, fix);
  if (text.trim() === '') throw fail('the file is empty');

  let cols: number[] | null = null;
  let width = 0;
  const xyz: number[] = [];
  const value: number[] = [];
  const token: string[] = [];

  splitCsv(
    text,
    (fields, line) => {
      if (!cols) {
        const names = fields.map((f) => f.trim());
        const found = MANIFOLD_CSV_COLUMNS.map((c) => names.indexOf(c));
        const missing = MANIFOLD_CSV_COLUMNS.filter((_, k) => found[k] === -1);
        if (missing.length > 0) {
          throw fail(
            `line ${line}: the header is ${quoteValue(fields.join(','))}, but a manifold CSV's header is ",x,y,z,value,token" (missing: ${missing.join(', ')})`,
          );
        }
        cols = found;
        width = fields.length;
        return;
      }
      if (fields.length !== width) {
        throw fail(
          `line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}, but the header has ${width}`,
          'Quote tokens that contain commas; every row needs one value per column',
        );
      }
      for (let c = 0; c < 4; c++) {
        const raw = fields[cols[c] ?? 0] ?? '';
        const v = raw.trim() === '' ? NaN : Number(raw);
        if (!Number.isFinite(v)) {
          throw fail(
            `line ${line}: column "${MANIFOLD_CSV_COLUMNS[c]}" is ${raw.trim() === '' ? 'empty' : quoteValue(raw)}, not a finite number`,
            'Drop rows without coordinates or value (NaN, inf or empty) before exporting',
          );
        }
        if (c < 3) xyz.push(v);
        else value.push(v);
      }
      token.push(unneutralise(fields[cols[4] ?? 0] ?? ''));
    },
    fileName,
  );
  if (!cols) throw fail('the file is empty');
  if (token.length === 0) throw fail('the file has a header but no rows');
  return {
    fileName,
    n: token.length,
    xyz: Float32Array.from(xyz),
    value: Float32Array.from(value),
    token,
  };
}

/**
 * A token cell split into the current token and the model's prediction ("current -> predicted";
 * the last " -> " separates them, so a current token that is itself "->" still reads right).
 * `predicted` is null when the cell has no arrow.
 */
export function splitTokenCell(cell: string): { current: string; predicted: string | null } {
  const at = cell.lastIndexOf(' -> ');
  if (at < 0) return { current: cell, predicted: null };
  return { current: cell.slice(0, at), predicted: cell.slice(at + 4) };
}
