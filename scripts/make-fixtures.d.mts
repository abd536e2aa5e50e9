// Types of the fixture generator (make-fixtures.mjs), for the TypeScript unit tests.
import type { FixtureTensor } from './fixtures/lib.mjs';

export interface FixtureModelSpec {
  config: {
    layer: number;
    d: number;
    expansion: number;
    bottleneck?: number;
    kind: string;
    alpha?: number;
    beta?: number;
    tags?: string[];
  };
  seed: number;
  dtype: 'F32' | 'F16' | 'BF16';
  biased?: boolean;
  /** Features whose `left` row is zero (dead on every input). */
  deadFeatures?: number[];
  probes: Record<string, unknown> | null;
}

export function fixtureModels(): Record<string, FixtureModelSpec>;
export function buildFixtureModel(name: string): {
  spec: FixtureModelSpec;
  tensors: Record<string, FixtureTensor>;
  probes: { tensors: Record<string, FixtureTensor>; metadata: Record<string, string> } | null;
};
export function fixtureFiles(): Map<string, Uint8Array>;
