// The only owner of the command the app shows wherever a probe set is missing: the one
// `tools/make_probes.py` call (docs/probes.md) that makes a probe set for the open model, with
// what the app knows filled in (its layer, its folder name) and what it cannot know left as a
// named placeholder (the language model). Consumed by the UI's empty states.

/** What the command needs to know about the open model. */
export interface ProbeCommandModel {
  /** The model's folder name (what `--bae` points at). */
  name: string;
  /** The language model's layer the BAE reads, from its config; null when unknown. */
  layer: number | null;
}

/** Placeholder for the language model: the app cannot know which one the BAE was trained on. */
export const LM_PLACEHOLDER = '<your-language-model>';

/** `word` as one POSIX shell word (single-quoted unless it is plainly safe). */
export function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that makes a probe set for `model` (docs/probes.md's): its hook layer, its folder
 * (for the corpus-wide top rows of every composite), a streamed web corpus, and the file
 * written next to its weights.
 */
export function probeCommand(model: ProbeCommandModel): string {
  const folder = shellWord(model.name);
  const layer = model.layer === null ? '<layer>' : String(model.layer);
  return [
    'python tools/make_probes.py',
    `--model ${LM_PLACEHOLDER}`,
    `--layer ${layer}`,
    `--bae ${folder}`,
    '--dataset HuggingFaceFW/fineweb-edu --dataset-config sample-10BT',
    `--out ${shellWord(`${model.name}/probes.safetensors`)}`,
  ].join(' ');
}
