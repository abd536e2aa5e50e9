// The only place that talks to onnxruntime-web: choosing the execution provider (WebGPU on a
// real adapter, else WASM, multi-threaded when cross-origin isolated), creating sessions from
// the graphs of graphs.ts and running them. The ORT module is injected, so the worker uses the
// browser build and the Node unit tests the WASM build, through the same code.
import type * as OrtTypes from 'onnxruntime-web';
import type { BackendInfo, BackendPreference } from '../core/engineTypes';
import type { BuiltModel } from './onnx/graph';

export type OrtModule = typeof OrtTypes;
export type { BackendInfo, BackendName, BackendPreference } from '../core/engineTypes';

/** A typed input of a session run. */
export type Feed =
  | { type: 'float32'; data: Float32Array; dims: number[] }
  | { type: 'int64'; data: BigInt64Array; dims: number[] };

/** A run's outputs: the graph's required outputs, and those optional ones it produced. */
export type Outputs<Out extends string, Opt extends string = never> = Record<Out, Float32Array> &
  Partial<Record<Opt, Float32Array>>;

export interface Session<Out extends string = string, Opt extends string = never> {
  /**
   * Runs the graph; every output comes back as float32 on the CPU. Throws when onnxruntime did
   * not return a required output (a renamed or pruned output is an error, not an empty array).
   */
  run(feeds: Record<string, Feed>): Promise<Outputs<Out, Opt>>;
  release(): Promise<void>;
}

/** An int64 feed of one value (slice bounds). */
export function int64(value: number): Feed {
  return { type: 'int64', data: new BigInt64Array([BigInt(value)]), dims: [1] };
}

/** A float32 feed. */
export function float32(data: Float32Array, dims: number[]): Feed {
  return { type: 'float32', data, dims };
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Looks for a WebGPU adapter; reports whether it is a software fallback (e.g. SwiftShader). */
export async function probeWebGpu(): Promise<
  | { adapter: unknown; vendor: string; architecture: string; isFallback: boolean }
  | { problem: string }
> {
  const gpu = (
    globalThis.navigator as { gpu?: { requestAdapter: () => Promise<unknown> } } | undefined
  )?.gpu;
  if (!gpu) return { problem: 'this browser has no WebGPU (navigator.gpu is missing)' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = (await gpu.requestAdapter()) as GpuAdapterLike | null;
  } catch (err) {
    return { problem: `requesting a WebGPU adapter failed (${String(err)})` };
  }
  if (!adapter) return { problem: 'no WebGPU adapter is available' };
  const isFallback = Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
  return {
    adapter,
    vendor: adapter.info?.vendor || 'unknown vendor',
    architecture: adapter.info?.architecture || '',
    isFallback,
  };
}

/** A configured onnxruntime-web backend that creates sessions on one execution provider. */
export class OrtBackend {
  private constructor(
    private readonly ort: OrtModule,
    readonly info: BackendInfo,
  ) {}

  /**
   * Picks and configures the backend. `wasmPaths` is where ort's .mjs/.wasm files are served
   * (the built app serves them from /ort/; a threaded build loaded from elsewhere hangs).
   */
  static async create(
    ort: OrtModule,
    preference: BackendPreference,
    opts: { wasmPaths?: string; maxThreads?: number; threads?: number } = {},
  ): Promise<OrtBackend> {
    if (opts.wasmPaths) ort.env.wasm.wasmPaths = opts.wasmPaths;
    const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    // Threads need SharedArrayBuffer (a cross-origin isolated page); otherwise ort would hang or
    // fail, so say 1 explicitly (also keeps ort from probing node:os under Node).
    // Node (the headless tool) has SharedArrayBuffer and worker threads without isolation: it
    // names its thread count itself.
    const threads =
      opts.threads !== undefined
        ? Math.max(1, Math.floor(opts.threads))
        : isolated
          ? Math.max(1, Math.min(opts.maxThreads ?? 8, cores))
          : 1;
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    const wasmInfo = (reason: string): BackendInfo => ({
      name: 'wasm',
      label: `WASM · ${threads} thread${threads === 1 ? '' : 's'}`,
      reason:
        isolated || opts.threads !== undefined
          ? reason
          : `${reason}; single-threaded: the page is not cross-origin isolated`,
      threads,
      adapter: null,
    });
    if (preference === 'wasm') return new OrtBackend(ort, wasmInfo('WASM was chosen'));

    const probe = await probeWebGpu();
    if ('problem' in probe) {
      return new OrtBackend(ort, wasmInfo(`WASM, because ${probe.problem}`));
    }
    if (probe.isFallback && preference === 'auto') {
      return new OrtBackend(
        ort,
        wasmInfo(
          `WASM, because the only WebGPU adapter is a software fallback (${probe.vendor}), slower than WASM; choose WebGPU to use it anyway`,
        ),
      );
    }
    (ort.env.webgpu as { adapter?: unknown }).adapter = probe.adapter;
    const arch = probe.architecture ? ` (${probe.architecture})` : '';
    return new OrtBackend(ort, {
      name: 'webgpu',
      label: `WebGPU · ${probe.vendor}${arch}${probe.isFallback ? ' · software' : ''}`,
      reason: probe.isFallback
        ? 'WebGPU on a software fallback adapter, as chosen (much slower than WASM)'
        : 'WebGPU on a hardware adapter',
      threads,
      adapter: {
        vendor: probe.vendor,
        architecture: probe.architecture,
        isFallback: probe.isFallback,
      },
    });
  }

  /** Creates a session for a built graph on this backend; weights are uploaded once, here. */
  async session<Out extends string, Opt extends string = never>(
    model: BuiltModel<Out, Opt>,
  ): Promise<Session<Out, Opt>> {
    const ort = this.ort;
    const session = await ort.InferenceSession.create(model.bytes, {
      executionProviders: [this.info.name],
      graphOptimizationLevel: 'all',
      externalData: model.external,
    });
    return {
      async run(feeds) {
        const inputs: Record<string, OrtTypes.Tensor> = {};
        for (const [name, f] of Object.entries(feeds)) {
          inputs[name] =
            f.type === 'float32'
              ? new ort.Tensor('float32', f.data, f.dims)
              : new ort.Tensor('int64', f.data, f.dims);
        }
        const results = await session.run(inputs);
        const out: Record<string, Float32Array> = {};
        for (const [name, t] of Object.entries(results)) {
          out[name] = (await t.getData(true)) as Float32Array;
        }
        const missing = model.outputs.required.filter((name) => !(name in out));
        if (missing.length) {
          throw new Error(
            `onnxruntime returned no output ${missing.map((m) => `"${m}"`).join(', ')}`,
          );
        }
        return out as Outputs<Out, Opt>;
      },
      release: () => session.release(),
    };
  }
}
