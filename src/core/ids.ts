// The only owner of the app's two kinds of index, branded so they cannot be mixed: a composite
// (a latent: 0..C−1, a row of `down`) and a probe row (an input: 0..N−1 of the probe set, or a
// row of a manifold CSV). Both are plain numbers at run time; `compositeId`/`probeRow` mark the
// places where a number becomes one (parsing a link, a list index, an engine result).

declare const brand: unique symbol;

/** A composite (latent) index, 0..C−1. */
export type CompositeId = number & { readonly [brand]: 'CompositeId' };
/** A probe-set row (or manifold-CSV row) index, 0..N−1. */
export type ProbeRow = number & { readonly [brand]: 'ProbeRow' };

/** `k` as a composite id (no check: the caller knows it is one). */
export const compositeId = (k: number): CompositeId => k as CompositeId;
/** `r` as a probe row (no check: the caller knows it is one). */
export const probeRow = (r: number): ProbeRow => r as ProbeRow;
