// The only owner of the label file format on the way in and out: writing the user's labels as
// {format: "bae-labels", version: 1, model, labels} and validating an imported file (untrusted
// JSON) with `sanitise`, naming the problem when it is not one. Used by the app's atlas export.
import { quoteReason, quoteValue } from '../core/errors';
import { sanitise, type LabelFile } from './labelStore';

/** Largest label file read (characters); 200-character labels for 16k composites fit easily. */
export const MAX_LABEL_FILE_CHARS = 8_000_000;

/** Largest label file read from disk, in bytes (UTF-8 takes at most 4 bytes a character). */
export const MAX_LABEL_FILE_BYTES = MAX_LABEL_FILE_CHARS * 4;

/**
 * Before reading: the problem with a label file of `bytes` bytes (phrased to follow its name),
 * or null when it is small enough to read.
 */
export function labelFileSizeProblem(bytes: number): string | null {
  if (bytes <= MAX_LABEL_FILE_BYTES) return null;
  return `is too large for a label file: ${(bytes / 1e6).toFixed(1)} MB, and label files are read up to ${MAX_LABEL_FILE_BYTES / 1e6} MB (${MAX_LABEL_FILE_CHARS.toLocaleString('en-US')} characters)`;
}

/** The export of `user` labels for model `modelName`. */
export function labelFile(modelName: string, user: Record<number, string>): LabelFile {
  const labels: Record<string, string> = {};
  for (const [id, text] of Object.entries(user)) labels[id] = text;
  return { format: 'bae-labels', version: 1, model: modelName, labels };
}

export type LabelImport =
  | {
      ok: true;
      labels: Record<number, string>;
      /** Labels dropped because their id is not a composite of the open model. */
      dropped: number;
      /** The model the file names, when it is not the open one (labels still load by id). */
      otherModel: string | null;
    }
  | { ok: false; problem: string };

/**
 * Validates a label file's text for a model with `nComposites` composites named `modelName`.
 * Problems are phrased to follow "<file name> ": e.g. "is not valid JSON (…)".
 */
export function parseLabelFile(text: string, nComposites: number, modelName: string): LabelImport {
  const fail = (problem: string): LabelImport => ({ ok: false, problem });
  if (text.length > MAX_LABEL_FILE_CHARS) {
    return fail(
      `is too large for a label file: ${text.length.toLocaleString('en-US')} characters, and label files are read up to ${MAX_LABEL_FILE_CHARS.toLocaleString('en-US')}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    return fail(
      `is not valid JSON (${quoteReason(err instanceof Error ? err.message : String(err))})`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('is not a label file: expected a JSON object {"format": "bae-labels", …}');
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== 'bae-labels') {
    return fail(
      `is not a label file: "format" is ${quoteValue(obj.format ?? null)}, expected "bae-labels"`,
    );
  }
  if (obj.version !== 1) {
    return fail(
      `has label-file version ${quoteValue(obj.version ?? null)}; this app reads version 1`,
    );
  }
  const labels = sanitise(obj.labels);
  if (!labels) {
    return fail('has a "labels" field that is not an object of composite id (0, 1, …) → text');
  }
  const kept: Record<number, string> = {};
  let dropped = 0;
  for (const [id, label] of Object.entries(labels)) {
    if (Number(id) < nComposites) kept[Number(id)] = label;
    else dropped++;
  }
  const model = typeof obj.model === 'string' ? obj.model : null;
  return {
    ok: true,
    labels: kept,
    dropped,
    otherModel: model !== null && model !== modelName ? model : null,
  };
}
