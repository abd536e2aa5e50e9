// The only owner of the probe-set format (docs/formats.md): the inputs whose manifolds are
// drawn, as raw activations [N, d] plus what each row is (a token in its context window, or a
// word). Decodes and validates `probes.safetensors`, decides once whether its vocabulary is
// byte-level BPE (core/tokenText) and gives each row's text. Consumed by the app's model loading
// and by the UI's hover cards and top-activation lists, which draw it with core/tokenText.
import { BaeFileError, quoteValue } from './errors';
import {
  assertFinite,
  getTensorInfo,
  parseSafetensors,
  tensorAsF32,
  tensorAsI32,
  type SafetensorsFile,
} from './safetensors';
import { decodeByteLevel, isByteLevelVocab, joinTokenTexts } from './tokenText';

/** A validated probe set. */
export interface ProbeSet {
  fileName: string;
  /** N rows (≥ 1). */
  n: number;
  /** d, the activation width. */
  d: number;
  /** [N, d] raw (un-normalised) activations. */
  activations: Float32Array;
  /** T, tokens per row (1 for word rows). */
  window: number;
  /** [N, T] ids into `vocab`; -1 = padding before a document's start. */
  tokens: Int32Array;
  /** [N] index in 0..T-1 of the firing token of each row. */
  position: Int32Array;
  /** Token id → the vocabulary entry exactly as the file writes it (for word rows, the words). */
  vocab: string[];
  /** Whether `vocab` is written in byte-level BPE symbols (core/tokenText's isByteLevelVocab). */
  byteLevel: boolean;
  /**
   * Token id → the text it stands for: `vocab` itself, or each entry decoded from its byte
   * symbols when `byteLevel` (half characters kept as escaped bytes; see core/tokenText).
   */
  tokenText: string[];
  rowKind: 'tokens' | 'words';
  description: string;
}

/** The `format` and `version` metadata values this reader accepts. */
export const PROBE_FORMAT = 'bae-probes';
export const PROBE_VERSION = '1';

/**
 * The most bytes a probe set's rows may take once opened: its activations and, after the
 * analysis, every composite's value h on every row, both float32 — 4·(d + C) bytes a row. 2 GiB
 * keeps a tab (which also holds the file while reading it, and the engine's working copies)
 * well inside what a 64-bit browser lets one page allocate.
 */
export const PROBE_MEMORY_LIMIT = 2 ** 31;

/** The most probe rows of width `d` a model with `nComposites` composites can open. */
export function maxProbeRows(d: number, nComposites: number): number {
  return Math.floor(PROBE_MEMORY_LIMIT / (4 * (d + nComposites)));
}

/** The largest power of two ≤ n (a round --rows to suggest). */
function roundRows(n: number): number {
  return n < 1 ? 0 : 2 ** Math.floor(Math.log2(n));
}

const GIB = 2 ** 30;

/** The largest finite float32 and the smallest normal one. */
const FLOAT32_MAX = 3.4028234663852886e38;
const FLOAT32_MIN_NORMAL = 2 ** -126;

const SPEC_FIX =
  'Write the probe set as docs/formats.md describes (tensors "activations", "tokens", optional "position"; metadata format = "bae-probes", version = "1", vocab)';

function parseVocab(st: SafetensorsFile): string[] {
  const text = st.metadata.vocab;
  const bad = (problem: string) =>
    new BaeFileError(st.fileName, `__metadata__.vocab ${problem}`, SPEC_FIX);
  if (text === undefined) throw bad('is missing; it must be a JSON array of strings');
  let vocab: unknown;
  try {
    vocab = JSON.parse(text) as unknown;
  } catch {
    throw bad('is not valid JSON; it must be a JSON array of strings');
  }
  if (!Array.isArray(vocab) || !vocab.every((v) => typeof v === 'string')) {
    throw bad('is not a JSON array of strings');
  }
  if (vocab.length === 0) throw bad('is empty');
  return vocab as string[];
}

/**
 * Parses and validates a probe set. When `dModel` is given, the activation width must equal
 * it; when `nComposites` is given too, the rows must fit PROBE_MEMORY_LIMIT (checked from the
 * header, before anything is decoded). Throws BaeFileError naming the file, the field and the fix.
 */
export function parseProbeSet(
  bytes: Uint8Array,
  fileName: string,
  dModel?: number,
  nComposites?: number,
): ProbeSet {
  const st = parseSafetensors(bytes, fileName);
  const fail = (problem: string, fix = SPEC_FIX) => new BaeFileError(fileName, problem, fix);
  const { format, version } = st.metadata;
  if (format !== PROBE_FORMAT) {
    throw fail(
      format === undefined
        ? `this is not a BAE probe set: __metadata__.format is missing (expected "${PROBE_FORMAT}")`
        : `this is not a BAE probe set: __metadata__.format is ${quoteValue(format)}, expected "${PROBE_FORMAT}"`,
    );
  }
  if (version !== PROBE_VERSION) {
    throw fail(
      `probe-set version ${quoteValue(version ?? null)} is not one this app reads (it reads version "${PROBE_VERSION}")`,
    );
  }

  const actInfo = getTensorInfo(st, 'activations');
  if (actInfo.shape.length !== 2) {
    throw fail(
      `tensor "activations" has shape [${actInfo.shape.join(', ')}], but it must be [N, d]`,
    );
  }
  const [n, d] = actInfo.shape as [number, number];
  if (n < 1 || d < 1) throw fail(`tensor "activations" has shape [${n}, ${d}]: it holds no rows`);
  if (dModel !== undefined && d !== dModel) {
    throw fail(
      `the probe set must come from the same layer as the model: its activations have width ${d}, but the model's d_model is ${dModel}`,
      "Collect the probe activations at the model's hook point (same language model, same layer), or open the probe set that belongs to this model",
    );
  }
  if (nComposites !== undefined) {
    const most = maxProbeRows(d, nComposites);
    if (n > most) {
      const need = (4 * n * (d + nComposites)) / GIB;
      throw fail(
        `it holds ${n.toLocaleString('en-US')} rows × ${d.toLocaleString('en-US')}: with this model's ${nComposites.toLocaleString('en-US')} composites, opening it takes ${need.toFixed(2)} GiB (activations and h in float32), more than the ${PROBE_MEMORY_LIMIT / GIB} GiB this app lets a probe set take in a browser tab; at most ${most.toLocaleString('en-US')} rows fit`,
        `Make a smaller probe set, e.g. tools/make_probes.py --rows ${roundRows(most).toLocaleString('en-US').replace(/,/g, '')} (with --bae, each composite's top rows are still the corpus-wide ones)`,
      );
    }
  }
  const activations = tensorAsF32(st, 'activations');
  assertFinite(
    fileName,
    'activations',
    activations,
    actInfo.shape,
    'Drop the rows with NaN/Inf, or recollect the activations in float32',
  );
  for (let row = 0; row < n; row++) {
    let sumSquares = 0;
    for (let j = 0; j < d; j++) sumSquares += (activations[row * d + j] ?? 0) ** 2;
    if (sumSquares === 0) {
      throw fail(
        `row ${row} of "activations" is all zeros, so it cannot be normalised`,
        'Drop the all-zero rows (e.g. padding positions) from the probe set',
      );
    }
    // The engine normalises x in float32: ‖x‖² must be a normal float32, or x̂ is NaN.
    if (sumSquares > FLOAT32_MAX || sumSquares < FLOAT32_MIN_NORMAL) {
      throw fail(
        `row ${row} of "activations" has squared norm ‖x‖² = ${sumSquares.toExponential(2)}, outside the float32 range ${FLOAT32_MIN_NORMAL.toExponential(2)}…${FLOAT32_MAX.toExponential(2)} the analysis normalises in`,
        'Rescale the activations (any positive factor: rows are normalised), or drop the row',
      );
    }
  }

  const tokInfo = getTensorInfo(st, 'tokens');
  const window = tokInfo.shape.length === 1 ? 1 : (tokInfo.shape[1] ?? 0);
  if (tokInfo.shape.length > 2 || tokInfo.shape[0] !== n || window < 1) {
    throw fail(
      `tensor "tokens" has shape [${tokInfo.shape.join(', ')}], but it must be [N, T] = [${n}, T] with T ≥ 1 (one row per activation row)`,
    );
  }
  const tokens = tensorAsI32(st, 'tokens');

  let position: Int32Array;
  if (st.tensors.has('position')) {
    const posInfo = getTensorInfo(st, 'position');
    if (posInfo.shape.length !== 1 || posInfo.shape[0] !== n) {
      throw fail(
        `tensor "position" has shape [${posInfo.shape.join(', ')}], but it must be [${n}]`,
      );
    }
    position = tensorAsI32(st, 'position');
  } else {
    position = new Int32Array(n).fill(window - 1);
  }

  const vocab = parseVocab(st);
  for (let i = 0; i < tokens.length; i++) {
    const id = tokens[i] ?? -1;
    if (id < -1 || id >= vocab.length) {
      throw fail(
        `tokens[${Math.floor(i / window)}, ${i % window}] is ${id}, outside the vocab (ids must be -1 for padding or 0..${vocab.length - 1})`,
      );
    }
  }
  for (let row = 0; row < n; row++) {
    const pos = position[row] ?? -1;
    if (pos < 0 || pos >= window) {
      throw fail(`position[${row}] is ${pos}, outside the window 0..${window - 1}`);
    }
    if (tokens[row * window + pos] === -1) {
      throw fail(`row ${row}'s firing token (position ${pos}) is padding (-1)`);
    }
  }

  const rows = st.metadata.rows ?? (window === 1 ? 'words' : 'tokens');
  if (rows !== 'tokens' && rows !== 'words') {
    throw fail(`__metadata__.rows is ${quoteValue(rows)}, but it must be "tokens" or "words"`);
  }
  const byteLevel = isByteLevelVocab(vocab);
  return {
    fileName,
    n,
    d,
    activations,
    window,
    tokens,
    position,
    vocab,
    byteLevel,
    tokenText: byteLevel ? vocab.map(decodeByteLevel) : vocab,
    rowKind: rows,
    description: st.metadata.description ?? '',
  };
}

/** A row's whole context as one raw string (what the manifold's search looks in). */
export function probeRowText(p: ProbeSet, row: number): string {
  const c = probeRowContext(p, row);
  return c.before + c.token + c.after;
}

/**
 * Row `row` (0..N-1) of a probe set as text: the firing token, and the text of the non-padding
 * tokens before and after it in the window (a character split between neighbouring tokens is
 * rejoined). Raw text — exports write it as it is; screens draw it with core/tokenText's
 * display functions. Throws RangeError for a row outside the set.
 */
export function probeRowContext(
  p: ProbeSet,
  row: number,
): { before: string; token: string; after: string } {
  if (!Number.isInteger(row) || row < 0 || row >= p.n) {
    throw new RangeError(`probe row ${row} is outside 0..${p.n - 1}`);
  }
  const start = row * p.window;
  const pos = p.position[row] ?? p.window - 1;
  const text = (id: number | undefined): string =>
    id === undefined ? '' : (p.tokenText[id] ?? '');
  const join = (from: number, to: number): string => {
    const parts: string[] = [];
    for (let t = from; t < to; t++) {
      const id = p.tokens[start + t];
      if (id !== undefined && id >= 0) parts.push(text(id));
    }
    return joinTokenTexts(parts);
  };
  return {
    before: join(0, pos),
    token: text(p.tokens[start + pos]),
    after: join(pos + 1, p.window),
  };
}
