// The only owner of the hand-off between the Arrow codec (compute/explorer/arrow, which alone
// loads apache-arrow) and core's checks of the explorer layout: an Arrow table as plain typed
// arrays with the type of each column, so core validates it without knowing Arrow. Pure types.
import type { ColumnKind } from './layout';

/** The values of a numeric column, or a list column's flattened items. */
export type ColumnValues =
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/** One column of a decoded Arrow table. */
export interface DecodedColumn {
  name: string;
  /** The Arrow type as Arrow prints it (`Int16`, `FixedSizeList[9]<Int32>`), for messages. */
  type: string;
  /**
   * 'int' | 'uint' | 'float': a plain numeric column (64-bit integers arrive as Float64Array,
   * exact up to 2^53); 'list': a list of numbers of one length per row (`values` flattened,
   * [rows, listSize]); 'other': anything else (strings, structs, dictionaries…), not read.
   */
  kind: ColumnKind | 'list' | 'other';
  /** Bits of each value (of a list's items). */
  bits: number;
  /** A list's item kind (null for other columns). */
  itemKind: ColumnKind | 'other' | null;
  /** Items per row of a list column (0 otherwise). */
  listSize: number;
  /** Rows that are null (a list with a null item counts too). */
  nullCount: number;
  /** Empty for 'other' columns. */
  values: ColumnValues;
}

/** A decoded Arrow table: its rows and its columns in the file's order. */
export interface DecodedTable {
  fileName: string;
  rows: number;
  columns: DecodedColumn[];
}

/** A table to write: columns in order; a column with `listSize` is a fixed-size list of it. */
export interface TableToWrite {
  rows: number;
  columns: { name: string; values: ColumnValues; listSize?: number }[];
}
