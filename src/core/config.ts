// The only owner of a BAE's config.json (the `Config` that tdooms/bae's `Autoencoder.save`
// writes with `json.dump(vars(config))`): field names, defaults, validation, the sizes it
// implies and the tdooms folder name. Consumed by model.ts and the app's model sources.
import { BaeFileError, quoteReason, quoteValue } from './errors';

/** The autoencoder kinds the app understands. */
export type BaeKind = 'vanilla' | 'ordered' | 'mixed' | 'combined';

/** Every BaeKind, in display order. */
export const KNOWN_KINDS: readonly BaeKind[] = ['vanilla', 'ordered', 'mixed', 'combined'];

/** A validated config.json, with snake_case fields renamed. */
export interface BaeConfig {
  /** Layer of the language model the BAE reads, or null when the config does not say. */
  layer: number | null;
  /** Width d of the activations (the residual stream), ≥ 1. */
  dModel: number;
  /** F = int(d_model × expansion) encoder features. */
  expansion: number;
  /** Mixed/combined: C = int(d_model × (bottleneck or 2)) composites; null when unset. */
  bottleneck: number | null;
  alpha: number;
  beta: number;
  kind: BaeKind;
  tags: string[];
  kwargs: Record<string, unknown>;
}

const FIX =
  'Use the config.json that tdooms/bae (Autoencoder.save) wrote next to model.safetensors';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isKind(value: unknown): value is BaeKind {
  return typeof value === 'string' && (KNOWN_KINDS as readonly string[]).includes(value);
}

/**
 * Parses and validates config.json text. Missing optional fields take the Python defaults
 * (expansion 16, alpha 0, beta 0, bottleneck null, tags []); unknown keys are ignored.
 */
export function parseConfig(text: string, fileName: string): BaeConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BaeFileError(fileName, `the file is not valid JSON (${quoteReason(reason)})`, FIX);
  }
  if (!isRecord(raw)) {
    throw new BaeFileError(fileName, `the file holds ${quoteValue(raw)}, not a JSON object`, FIX);
  }
  const fail = (field: string, wanted: string): BaeFileError =>
    new BaeFileError(
      fileName,
      field in raw
        ? `field "${field}" is ${quoteValue(raw[field])}, but it must be ${wanted}`
        : `field "${field}" is missing; it must be ${wanted}`,
      FIX,
    );
  const number = (field: string, fallback: number, ok: (v: number) => boolean, wanted: string) => {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw fail(field, wanted);
    }
    return value;
  };

  const layerRaw = raw.layer ?? null;
  if (layerRaw !== null && !(Number.isSafeInteger(layerRaw) && (layerRaw as number) >= 0)) {
    throw fail('layer', 'a non-negative integer');
  }
  if (!('d_model' in raw)) throw fail('d_model', 'a positive integer (the activation width)');
  const dModel = number(
    'd_model',
    0,
    (v) => Number.isSafeInteger(v) && v >= 1,
    'a positive integer',
  );
  const expansion = number('expansion', 16, (v) => v > 0, 'a positive number');
  const bottleneckRaw = raw.bottleneck ?? null;
  if (bottleneckRaw !== null && !(typeof bottleneckRaw === 'number' && bottleneckRaw >= 0)) {
    throw fail('bottleneck', 'null or a non-negative number');
  }
  const alpha = number('alpha', 0, () => true, 'a number');
  const beta = number('beta', 0, () => true, 'a number');

  const kind = raw.kind;
  if (kind === undefined) throw fail('kind', `one of ${KNOWN_KINDS.join(', ')}`);
  if (!isKind(kind)) {
    throw new BaeFileError(
      fileName,
      `kind ${quoteValue(kind)} is not one the app knows (known kinds: ${KNOWN_KINDS.join(', ')})`,
      `Set "kind" in config.json to the autoencoder class the weights come from`,
    );
  }
  const tagsRaw = raw.tags ?? [];
  if (!Array.isArray(tagsRaw) || !tagsRaw.every((t) => typeof t === 'string')) {
    throw fail('tags', 'null or a list of strings');
  }
  const kwargs = isRecord(raw.kwargs) ? { ...raw.kwargs } : {};
  return {
    layer: layerRaw as number | null,
    dModel,
    expansion,
    bottleneck: bottleneckRaw as number | null,
    alpha,
    beta,
    kind,
    tags: [...(tagsRaw as string[])],
    kwargs,
  };
}

/** F, the number of encoder features the config implies: int(d_model × expansion). */
export function configFeatures(c: BaeConfig): number {
  return Math.trunc(c.dModel * c.expansion);
}

/**
 * C, the number of composites the config implies: int(d_model × (bottleneck or 2)) for mixed
 * and combined models, F otherwise (no `down`).
 */
export function configComposites(c: BaeConfig): number {
  if (c.kind === 'mixed' || c.kind === 'combined')
    return Math.trunc(c.dModel * (c.bottleneck || 2));
  return configFeatures(c);
}

/**
 * The tdooms/bae folder name, `kind-l{layer:02d}-x{expansion}-a{int(alpha*100)}-b{int(beta*100)}
 * [-tags]` (Python's `int` truncates toward zero; so does Math.trunc, on the same doubles).
 * A null layer leaves out the `l` part.
 */
export function configName(c: BaeConfig): string {
  const parts: string[] = [c.kind];
  if (c.layer !== null) parts.push(`l${String(c.layer).padStart(2, '0')}`);
  parts.push(`x${c.expansion}`, `a${Math.trunc(c.alpha * 100)}`, `b${Math.trunc(c.beta * 100)}`);
  return [...parts, ...c.tags].join('-');
}
