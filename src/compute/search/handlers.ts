// The search worker's calls: the inverted index firing text → probe rows of a probe set
// (core/tokenIndex), built off the UI thread once per probe set, and the token search itself,
// over the worker's own row-major copy of the analysis's h (set once per analysis), so a
// keystroke neither blocks the page nor needs a second copy of h there. The page derives its call
// types from `SearchHandlers`.
import {
  buildTokenIndex,
  rowsOfValues,
  tokenSearch,
  type TokenIndex,
  type TokenSearch,
} from '../../core/tokenIndex';
import type { RpcContext } from '../rpc/types';

/** What the worker holds: the latest index and the values of the latest analysis. */
const state: {
  index: TokenIndex | null;
  values: { key: string; rows: Float32Array; C: number } | null;
} = { index: null, values: null };

export const searchHandlers = {
  /**
   * The token index of a probe set: `ids` [N] the firing token id of each row (−1: none),
   * `texts` the vocabulary's text per id. Kept for `search`; a copy is returned (moved to the
   * page). Forgets the previous probe set's values.
   */
  async tokenIndex(
    args: { ids: Int32Array; texts: string[] },
    ctx: RpcContext,
  ): Promise<{ index: TokenIndex; ms: number }> {
    const t0 = performance.now();
    const index = buildTokenIndex(args.ids, args.texts);
    state.index = index;
    state.values = null;
    const copy = { ...index, offsets: index.offsets.slice(), rows: index.rows.slice() };
    ctx.transfer(copy.offsets.buffer as ArrayBuffer, copy.rows.buffer as ArrayBuffer);
    return { index: copy, ms: performance.now() - t0 };
  },

  /** The values token search ranks by: h [C, N] of the analysis `key`, kept row-major. */
  async setValues(args: { key: string; h: Float32Array; C: number; N: number }): Promise<{
    ms: number;
  }> {
    const t0 = performance.now();
    if (!state.index || state.index.n !== args.N) {
      throw new Error('the search worker has no token index for these probe rows');
    }
    state.values = null;
    state.values = { key: args.key, rows: rowsOfValues(args.h, args.C, args.N), C: args.C };
    return { ms: performance.now() - t0 };
  },

  /** Token search for `query` against the values of analysis `key` (core/tokenIndex). */
  async search(args: { key: string; query: string }): Promise<{
    result: TokenSearch | null;
    ms: number;
  }> {
    const t0 = performance.now();
    const v = state.values;
    if (!state.index || !v || v.key !== args.key) {
      throw new Error('the search worker does not hold this analysis');
    }
    const result = tokenSearch(state.index, args.query, v.rows, v.C);
    return { result, ms: performance.now() - t0 };
  },
};

export type SearchHandlers = typeof searchHandlers;
