// The only owner of how a bad input file is reported. Every parser in core throws BaeFileError
// for a file it cannot use; the app shows `message` as is and may show `file`, `problem` and
// `fix` separately. Anything else thrown from core is a bug, not a bad file.

/** A file the app cannot use: which file, what is wrong with it, and what would fix it. */
export class BaeFileError extends Error {
  /** The file's name as the user knows it (e.g. `model.safetensors`). */
  readonly file: string;
  /** What is wrong, one clause without a final period (e.g. `tensor "left" is missing`). */
  readonly problem: string;
  /** What the user can do about it, one or two sentences. */
  readonly fix: string;

  constructor(file: string, problem: string, fix: string) {
    super(`${file}: ${problem}. ${fix}`);
    this.name = 'BaeFileError';
    this.file = file;
    this.problem = problem;
    this.fix = fix;
  }
}
