// The only module that loads apache-arrow: reads an Arrow IPC file (Feather v2) into core's
// DecodedTable (plain typed arrays with each column's type; core/explorer/read checks them) and
// writes core's TableToWrite as one (uncompressed, as the paper explorer reads them). A file
// Arrow cannot read becomes a BaeFileError naming the file and why. Runs in the files worker.
import {
  Data,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Table,
  Type,
  Uint8,
  Uint16,
  Uint32,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { f16BitsToF32 } from '../../core/dtype';
import { BaeFileError, quoteReason } from '../../core/errors';
import type { ColumnKind } from '../../core/explorer/layout';
import type {
  ColumnValues,
  DecodedColumn,
  DecodedTable,
  TableToWrite,
} from '../../core/explorer/table';

const WRITE_FIX =
  'Write it with pyarrow.feather.write_feather(table, path, compression="uncompressed") (Feather v2, which the paper explorer reads too)';

/** A numeric Arrow type's kind and bits, or null for anything else. */
function numericKind(type: DataType): { kind: ColumnKind; bits: number } | null {
  if (type.typeId === Type.Int) {
    const t = type as unknown as { isSigned: boolean; bitWidth: number };
    return { kind: t.isSigned ? 'int' : 'uint', bits: t.bitWidth };
  }
  if (type.typeId === Type.Float) {
    const precision = (type as unknown as { precision: number }).precision;
    return { kind: 'float', bits: precision === 0 ? 16 : precision === 1 ? 32 : 64 };
  }
  return null;
}

/** A numeric vector's values as a plain typed array (64-bit integers as float64, f16 as f32). */
function numericValues(v: Vector, bits: number, kind: ColumnKind): ColumnValues {
  const a: unknown = v.toArray();
  if (a instanceof BigInt64Array || a instanceof BigUint64Array)
    return Float64Array.from(a, Number);
  if (kind === 'float' && bits === 16 && a instanceof Uint16Array) {
    return Float32Array.from(a, f16BitsToF32);
  }
  if (
    a instanceof Int8Array ||
    a instanceof Int16Array ||
    a instanceof Int32Array ||
    a instanceof Uint8Array ||
    a instanceof Uint16Array ||
    a instanceof Uint32Array ||
    a instanceof Float32Array ||
    a instanceof Float64Array
  ) {
    return a;
  }
  return new Float64Array(0);
}

/** A list column flattened, when every row holds the same number of items. */
function listColumn(name: string, v: Vector, fileName: string): DecodedColumn {
  const type = v.type as DataType;
  const item = (type as unknown as { children: Field[] }).children[0]?.type as DataType | undefined;
  const numeric = item ? numericKind(item) : null;
  const base = { name, type: String(type), kind: 'list' as const, nullCount: v.nullCount };
  if (!numeric) {
    return { ...base, bits: 0, itemKind: 'other', listSize: 0, values: new Float64Array(0) };
  }
  const fixed = type.typeId === Type.FixedSizeList;
  let size = fixed ? (type as unknown as { listSize: number }).listSize : -1;
  const parts: ColumnValues[] = [];
  let nulls = v.nullCount;
  for (const chunk of v.data as Data[]) {
    const child = chunk.children[0] as Data | undefined;
    if (!child) continue;
    nulls += child.nullCount;
    const items = numericValues(makeVector(child), numeric.bits, numeric.kind);
    let from: number;
    let to: number;
    if (fixed) {
      from = chunk.offset * size;
      to = from + chunk.length * size;
    } else {
      const offsets = chunk.valueOffsets as Int32Array;
      from = offsets[chunk.offset] ?? 0;
      to = offsets[chunk.offset + chunk.length] ?? 0;
      for (let r = 0; r < chunk.length; r++) {
        const length = (offsets[chunk.offset + r + 1] ?? 0) - (offsets[chunk.offset + r] ?? 0);
        if (size === -1) size = length;
        if (length !== size) {
          throw new BaeFileError(
            fileName,
            `column "${name}" has windows of ${size} and ${length} tokens; every row's window must be as long`,
            'Pad the windows to one length with −1 (and write them as a fixed_size_list)',
          );
        }
      }
      from -= child.offset;
      to -= child.offset;
    }
    parts.push(items.subarray(from, to));
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const values =
    parts.length === 1 && parts[0]
      ? parts[0]
      : (() => {
          const first = parts[0];
          const out = first
            ? new (first.constructor as new (n: number) => ColumnValues)(total)
            : new Int32Array(0);
          let at = 0;
          for (const p of parts) {
            out.set(p, at);
            at += p.length;
          }
          return out;
        })();
  return {
    ...base,
    nullCount: nulls,
    bits: numeric.bits,
    itemKind: numeric.kind,
    listSize: Math.max(0, size),
    values,
  };
}

/** Reads an Arrow IPC file (or stream) into plain columns. Throws BaeFileError. */
export function readArrowTable(bytes: Uint8Array, fileName: string): DecodedTable {
  const head = new TextDecoder().decode(bytes.subarray(0, 6));
  if (head.startsWith('FEA1')) {
    throw new BaeFileError(
      fileName,
      'is a Feather v1 file, which this app does not read',
      WRITE_FIX,
    );
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new BaeFileError(
      fileName,
      /compress/i.test(why)
        ? 'is compressed (LZ4 or ZSTD), which neither this app nor the paper explorer reads'
        : `is not a readable Arrow IPC (Feather v2) file: it is damaged or truncated (${quoteReason(why)})`,
      WRITE_FIX,
    );
  }
  if (table.schema.fields.length === 0) {
    throw new BaeFileError(
      fileName,
      'is not an Arrow IPC (Feather v2) file (no schema)',
      WRITE_FIX,
    );
  }
  const columns: DecodedColumn[] = table.schema.fields.map((field) => {
    const v = table.getChild(field.name) as Vector | null;
    const type = field.type as DataType;
    const name = field.name;
    if (!v) {
      return {
        name,
        type: String(type),
        kind: 'other',
        bits: 0,
        itemKind: null,
        listSize: 0,
        nullCount: 0,
        values: new Float64Array(0),
      };
    }
    if (type.typeId === Type.FixedSizeList || type.typeId === Type.List) {
      return listColumn(name, v, fileName);
    }
    const numeric = numericKind(type);
    if (!numeric) {
      return {
        name,
        type: String(type),
        kind: 'other',
        bits: 0,
        itemKind: null,
        listSize: 0,
        nullCount: v.nullCount,
        values: new Float64Array(0),
      };
    }
    try {
      return {
        name,
        type: String(type),
        ...numeric,
        itemKind: null,
        listSize: 0,
        nullCount: v.nullCount,
        values: numericValues(v, numeric.bits, numeric.kind),
      };
    } catch (err) {
      throw new BaeFileError(
        fileName,
        `column "${name}" cannot be read: the file is damaged or truncated (${quoteReason(err instanceof Error ? err.message : String(err))})`,
        WRITE_FIX,
      );
    }
  });
  return { fileName, rows: table.numRows, columns };
}

/** The Arrow type of a typed array. */
function arrowType(values: ColumnValues): DataType {
  if (values instanceof Int8Array) return new Int8();
  if (values instanceof Int16Array) return new Int16();
  if (values instanceof Int32Array) return new Int32();
  if (values instanceof Uint8Array) return new Uint8();
  if (values instanceof Uint16Array) return new Uint16();
  if (values instanceof Uint32Array) return new Uint32();
  if (values instanceof Float32Array) return new Float32();
  return new Float64();
}

/** Writes `t` as an uncompressed Arrow IPC file (Feather v2), one record batch. */
export function writeArrowTable(t: TableToWrite): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of t.columns) {
    const type = arrowType(c.values);
    if (c.listSize) {
      const child = makeVector(c.values).data[0] as Data;
      const listType = new FixedSizeList(c.listSize, new Field('item', type, false));
      vectors[c.name] = makeVector(
        makeData({ type: listType, length: t.rows, nullCount: 0, child }),
      );
    } else {
      vectors[c.name] = makeVector(c.values);
    }
  }
  return tableToIPC(new Table(vectors), 'file');
}
