// A small typed builder for ONNX graphs: named values, one method per operator the engine uses,
// float32 initializers (embedded when small, passed as external data when large so no copy of
// the weights is made while serialising). Consumed by graphs.ts; the wire format is proto.ts's.
import {
  ONNX_FLOAT,
  ONNX_INT64,
  encodeModel,
  type AttributeValue,
  type Dim,
  type NodeSpec,
  type TensorSpec,
  type ValueInfo,
} from './proto';

/** Opset of every graph: ReduceSum takes axes as an input (≥13), ReduceSumSquare an attribute (<18). */
export const OPSET = 17;

/** A value flowing through the graph (an input, an initializer or a node output). */
export interface Val {
  readonly name: string;
}

/**
 * A serialised model and the external tensors its initializers point at. `Out` names the outputs
 * every run returns, `Opt` those the graph may leave out (e.g. decode terms); a session's `run`
 * returns exactly these as a typed record (compute/runtime).
 */
export interface BuiltModel<Out extends string = string, Opt extends string = never> {
  bytes: Uint8Array;
  /** External data files for onnxruntime's `externalData` session option. */
  external: { path: string; data: Uint8Array }[];
  /** The outputs this graph declares (required first). */
  outputs: { required: readonly Out[]; optional: readonly Opt[] };
}

/** Initializers larger than this (bytes) are passed as external data instead of embedded. */
const EMBED_LIMIT_BYTES = 1 << 20;

export class GraphBuilder {
  private nodes: NodeSpec[] = [];
  private inits: TensorSpec[] = [];
  private inputs: ValueInfo[] = [];
  private outputs: ValueInfo[] = [];
  private external: { path: string; data: Uint8Array }[] = [];
  private count = 0;

  constructor(private readonly graphName: string) {}

  private fresh(hint: string): string {
    return `${hint}_${this.count++}`;
  }

  /** A float32 graph input of `shape` (numbers fixed, strings symbolic). */
  input(name: string, shape: Dim[]): Val {
    this.inputs.push({ name, elemType: ONNX_FLOAT, shape });
    return { name };
  }

  /** An int64 graph input (slice bounds and the like). */
  inputInt(name: string, shape: Dim[]): Val {
    this.inputs.push({ name, elemType: ONNX_INT64, shape });
    return { name };
  }

  /** A float32 constant tensor resident in the session (weights). */
  weight(name: string, data: Float32Array, dims: number[]): Val {
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (raw.byteLength > EMBED_LIMIT_BYTES) {
      const path = `${name}.bin`;
      this.external.push({ path, data: raw });
      this.inits.push({ name, dataType: ONNX_FLOAT, dims, raw, external: path });
    } else {
      this.inits.push({ name, dataType: ONNX_FLOAT, dims, raw });
    }
    return { name };
  }

  /** A float32 scalar or vector constant. */
  constF(values: number[], dims: number[] = []): Val {
    const name = this.fresh('c');
    const data = new Float32Array(values);
    this.inits.push({ name, dataType: ONNX_FLOAT, dims, raw: new Uint8Array(data.buffer) });
    return { name };
  }

  /** An int64 vector constant (shapes, axes). */
  constI(values: number[]): Val {
    const name = this.fresh('i');
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    this.inits.push({
      name,
      dataType: ONNX_INT64,
      dims: [values.length],
      raw: new Uint8Array(data.buffer),
    });
    return { name };
  }

  /** Adds a node with one output and returns it. */
  op(opType: string, inputs: Val[], attributes: Record<string, AttributeValue> = {}): Val {
    const out = this.fresh(opType.toLowerCase());
    this.nodes.push({
      opType,
      inputs: inputs.map((v) => v.name),
      outputs: [out],
      name: out,
      attributes,
    });
    return { name: out };
  }

  matmul(a: Val, b: Val): Val {
    return this.op('MatMul', [a, b]);
  }
  mul(a: Val, b: Val): Val {
    return this.op('Mul', [a, b]);
  }
  add(a: Val, b: Val): Val {
    return this.op('Add', [a, b]);
  }
  sub(a: Val, b: Val): Val {
    return this.op('Sub', [a, b]);
  }
  div(a: Val, b: Val): Val {
    return this.op('Div', [a, b]);
  }
  abs(a: Val): Val {
    return this.op('Abs', [a]);
  }
  sqrt(a: Val): Val {
    return this.op('Sqrt', [a]);
  }
  transpose(a: Val, perm: number[]): Val {
    return this.op('Transpose', [a], { perm: { kind: 'ints', value: perm } });
  }
  reshape(a: Val, shape: number[]): Val {
    return this.op('Reshape', [a, this.constI(shape)]);
  }
  unsqueeze(a: Val, axes: number[]): Val {
    return this.op('Unsqueeze', [a, this.constI(axes)]);
  }
  reduceSum(a: Val, axes: number[], keepdims = false): Val {
    return this.op('ReduceSum', [a, this.constI(axes)], {
      keepdims: { kind: 'int', value: keepdims ? 1 : 0 },
    });
  }
  reduceSumSquare(a: Val, axes: number[], keepdims = false): Val {
    return this.op('ReduceSumSquare', [a], {
      axes: { kind: 'ints', value: axes },
      keepdims: { kind: 'int', value: keepdims ? 1 : 0 },
    });
  }
  reduceMax(a: Val, axes: number[], keepdims = false): Val {
    return this.op('ReduceMax', [a], {
      axes: { kind: 'ints', value: axes },
      keepdims: { kind: 'int', value: keepdims ? 1 : 0 },
    });
  }
  /** a[starts:ends] along `axes`, with bounds given as int64 values (inputs or constants). */
  slice(a: Val, starts: Val, ends: Val, axes: number[]): Val {
    return this.op('Slice', [a, starts, ends, this.constI(axes)]);
  }

  /** Declares `v` a float32 graph output named `name` of `shape`. */
  output(v: Val, name: string, shape: Dim[]): void {
    this.nodes.push({
      opType: 'Identity',
      inputs: [v.name],
      outputs: [name],
      name: `out_${name}`,
      attributes: {},
    });
    this.outputs.push({ name, elemType: ONNX_FLOAT, shape });
  }

  /**
   * Serialises the graph. `required` and `optional` are the outputs the caller may read: they
   * must match the outputs declared with `output()` (required ones all present, nothing else),
   * so a renamed output fails here, when the graph is built, not as an empty array later.
   */
  build<Out extends string, Opt extends string = never>(
    required: readonly Out[],
    optional: readonly Opt[] = [],
  ): BuiltModel<Out, Opt> {
    const declared = new Set(this.outputs.map((o) => o.name));
    const allowed = new Set<string>([...required, ...optional]);
    const missing = required.filter((name) => !declared.has(name));
    const extra = [...declared].filter((name) => !allowed.has(name));
    if (missing.length || extra.length) {
      throw new Error(
        `graph "${this.graphName}": outputs ${missing.length ? `[${missing.join(', ')}] are not declared` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `[${extra.join(', ')}] are not listed` : ''}`,
      );
    }
    const bytes = encodeModel({
      name: this.graphName,
      nodes: this.nodes,
      initializers: this.inits,
      inputs: this.inputs,
      outputs: this.outputs,
      opset: OPSET,
    });
    return { bytes, external: this.external, outputs: { required, optional } };
  }
}
