// The search worker's calls: the inverted index firing text → probe rows of a probe set
// (core/tokenIndex), built off the UI thread once per probe set. The page derives its call types
// from `SearchHandlers`.
import { buildTokenIndex, type TokenIndex } from '../../core/tokenIndex';
import type { RpcContext } from '../rpc/types';

export const searchHandlers = {
  /**
   * The token index of a probe set: `ids` [N] the firing token id of each row (−1: none),
   * `texts` the vocabulary's text per id. Returns the index; its arrays are moved to the page.
   */
  async tokenIndex(
    args: { ids: Int32Array; texts: string[] },
    ctx: RpcContext,
  ): Promise<{ index: TokenIndex; ms: number }> {
    const t0 = performance.now();
    const index = buildTokenIndex(args.ids, args.texts);
    ctx.transfer(index.offsets.buffer as ArrayBuffer, index.rows.buffer as ArrayBuffer);
    return { index, ms: performance.now() - t0 };
  },
};

export type SearchHandlers = typeof searchHandlers;
