// The only owner of the 3-D manifold's display settings as data: which points are drawn, how
// they are emphasised and coloured, and how many carry labels — with their defaults and limits.
// Pure; the view store holds them, deep links carry them (core/urlState), the views apply them.
import type { Sampling } from './sample';
import type { EmphasisMode, ScaleChoice } from './style';

/** What the points are coloured by. */
export type ManifoldColorBy =
  | { kind: 'value' }
  /** Categorical: the token of each row (a CSV's predicted token), most frequent first. */
  | { kind: 'token' }
  /** Categorical: which of up to MAX_REGEXES patterns a row's token matches first. */
  | { kind: 'regex'; patterns: string[] }
  /** The firing token's position in its context window. */
  | { kind: 'position' }
  /** Another composite's value on the same rows. */
  | { kind: 'composite'; composite: number };

/**
 * How the points are placed: on three eigenvectors of the composite (chosen in the spectrum), or
 * the "best view" — the weighted PCA of the shown (or selected) points inside the span of the
 * composite's top-k eigenvectors.
 */
export type Projection = { kind: 'eigen' } | { kind: 'best'; k: number; of: 'shown' | 'selected' };

/** Eigenvectors offered as the best view's span. */
export const BEST_VIEW_KS = [3, 4, 6, 8, 12, 16] as const;
export const DEFAULT_BEST_K = 8;

export interface ManifoldSettings {
  sampling: Sampling;
  emphasis: EmphasisMode;
  /** Points under the threshold fade or hide: by |value|, or by quantile of |value|; 0 = none. */
  threshold: { mode: 'value' | 'quantile'; value: number };
  below: 'fade' | 'hide';
  /** How many of the top-|value| points carry a text label (pinned points always do). */
  labels: number;
  scale: ScaleChoice;
  colorBy: ManifoldColorBy;
  projection: Projection;
}

export const MAX_REGEXES = 6;
export const MAX_REGEX_CHARS = 100;
export const MAX_LABELS = 100;
/** Powers offered for the weighted sample (|value|^p). */
export const SAMPLE_POWERS = [1, 2, 4, 8] as const;

export const DEFAULT_MANIFOLD: ManifoldSettings = {
  sampling: { kind: 'top' },
  emphasis: 'size',
  threshold: { mode: 'quantile', value: 0 },
  below: 'fade',
  labels: 24,
  scale: 'auto',
  colorBy: { kind: 'value' },
  projection: { kind: 'eigen' },
};

/** Compiles the colour-by regexes (case-insensitive); an invalid one is reported, not thrown. */
export function compilePatterns(patterns: readonly string[]): {
  regexes: (RegExp | null)[];
  errors: string[];
} {
  const errors: string[] = [];
  const regexes = patterns.slice(0, MAX_REGEXES).map((p, i) => {
    if (p === '') return null;
    try {
      return new RegExp(p.slice(0, MAX_REGEX_CHARS), 'iu');
    } catch (err) {
      errors.push(`pattern ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  });
  return { regexes, errors };
}
