// Reads a probe set with the app's own reader (src/core/probes.ts) and prints what the app sees
// as JSON on stdout: sizes, row kind, description, vocab, tokens, positions, activations (as
// float32 values), the activations' dtype, the metadata, and the first rows' display contexts.
// Used by tools/test_make_probes.py. Usage: node tools/read-probes.mjs FILE
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import '../scripts/lib/register-ts.mjs';

const { parseProbeSet, probeRowContext } = await import('../src/core/probes.ts');
const { parseSafetensors } = await import('../src/core/safetensors.ts');

const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/read-probes.mjs FILE');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
try {
  const p = parseProbeSet(bytes, basename(file));
  const st = parseSafetensors(bytes, basename(file));
  const contexts = [];
  for (let row = 0; row < Math.min(p.n, 5); row++) contexts.push(probeRowContext(p, row));
  const out = {
    n: p.n,
    d: p.d,
    window: p.window,
    rowKind: p.rowKind,
    description: p.description,
    vocab: p.vocab,
    tokens: Array.from(p.tokens),
    position: Array.from(p.position),
    activations: Array.from(p.activations),
    dtype: st.tensors.get('activations')?.dtype,
    metadata: Object.fromEntries(Object.entries(st.metadata).filter(([k]) => k !== 'vocab')),
    contexts,
  };
  process.stdout.write(JSON.stringify(out));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
