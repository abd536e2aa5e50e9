// The only owner of the engine's words that the page shares with it: which backends exist, what
// the user may ask for, and how the chosen one describes itself. Plain types, so the stores and
// the UI can name them without importing the module that loads onnxruntime (src/compute).

export type BackendName = 'webgpu' | 'wasm';

/** What the user asked for: 'auto' picks WebGPU only on a real (non-fallback) adapter. */
export type BackendPreference = 'auto' | BackendName;

/** What the engine runs on, as the UI shows it. */
export interface BackendInfo {
  name: BackendName;
  /** e.g. "WebGPU · NVIDIA (ampere)" or "WASM · 2 threads". */
  label: string;
  /** Why this backend was chosen (and what was not available). */
  reason: string;
  threads: number;
  adapter: { vendor: string; architecture: string; isFallback: boolean } | null;
}
