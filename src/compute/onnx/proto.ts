// The only owner of the ONNX wire format: a minimal protobuf writer for the few messages a model
// needs (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), with
// the field numbers of onnx/onnx.proto. Consumed by graph.ts, which builds the graphs the engine
// runs; nothing else writes ONNX bytes.

/** ONNX TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** Growable byte buffer with protobuf primitives (varints, length-delimited fields). */
class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }

  /** An unsigned varint; values up to 2^53 (JS safe integers), negatives as 10-byte int64. */
  varint(value: number): void {
    this.ensure(10);
    if (value < 0) {
      // Two's complement over 64 bits, as protobuf encodes negative int64.
      let big = BigInt.asUintN(64, BigInt(value));
      while (big >= 0x80n) {
        this.buf[this.len++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      this.buf[this.len++] = Number(big);
      return;
    }
    let v = value;
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  tag(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint(field * 8 + wireType);
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  string(field: number, text: string): void {
    this.bytes(field, new TextEncoder().encode(text));
  }

  int(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer).setFloat32(this.len, value, true);
    this.len += 4;
  }

  message(field: number, write: (w: Writer) => void): void {
    const inner = new Writer();
    write(inner);
    this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** A dimension: a fixed size, or a symbolic name bound at run time. */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  elemType: number;
  shape: Dim[];
}

export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string };

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attributes: Record<string, AttributeValue>;
}

export interface TensorSpec {
  name: string;
  dataType: number;
  dims: number[];
  /** Little-endian raw data. */
  raw: Uint8Array;
  /** When set, the data is not embedded: it is the external file of this name (offset 0). */
  external?: string;
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  opset: number;
}

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

function writeAttribute(w: Writer, name: string, a: AttributeValue): void {
  w.string(1, name);
  switch (a.kind) {
    case 'float':
      w.float(2, a.value);
      w.int(20, ATTR_FLOAT);
      break;
    case 'int':
      w.int(3, a.value);
      w.int(20, ATTR_INT);
      break;
    case 'string':
      w.string(4, a.value);
      w.int(20, ATTR_STRING);
      break;
    case 'ints':
      for (const v of a.value) w.int(8, v);
      w.int(20, ATTR_INTS);
      break;
  }
}

function writeValueInfo(w: Writer, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

/** Serialises a graph as an ONNX ModelProto (IR version 8, default domain at `opset`). */
export function encodeModel(g: GraphSpec): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, 'bae-explorer');
  w.message(7, (graph) => {
    for (const n of g.nodes) {
      graph.message(1, (node) => {
        for (const i of n.inputs) node.string(1, i);
        for (const o of n.outputs) node.string(2, o);
        node.string(3, n.name);
        node.string(4, n.opType);
        for (const [k, a] of Object.entries(n.attributes))
          node.message(5, (aw) => writeAttribute(aw, k, a));
      });
    }
    graph.string(2, g.name);
    for (const t of g.initializers) {
      graph.message(5, (tw) => {
        for (const d of t.dims) tw.int(1, d);
        tw.int(2, t.dataType);
        tw.string(8, t.name);
        if (t.external === undefined) {
          tw.bytes(9, t.raw);
        } else {
          // external_data (13): location/offset/length entries; data_location (14) = EXTERNAL.
          const entry = (key: string, value: string) =>
            tw.message(13, (e) => {
              e.string(1, key);
              e.string(2, value);
            });
          entry('location', t.external);
          entry('offset', '0');
          entry('length', String(t.raw.byteLength));
          tw.int(14, 1);
        }
      });
    }
    for (const v of g.inputs) graph.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of g.outputs) graph.message(12, (vw) => writeValueInfo(vw, v));
  });
  w.message(8, (op) => {
    op.string(1, '');
    op.int(2, g.opset);
  });
  return w.finish();
}
