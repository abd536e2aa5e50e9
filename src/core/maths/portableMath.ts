// The only owner of transcendental functions that give the same bits in every JavaScript engine.
// Math.exp, Math.log and Math.pow are not specified to the last bit, and V8 versions differ
// (Node 20 and Chromium 156 disagree in the last bit on many inputs), so a computation that feeds
// back on itself — UMAP's hundreds of epochs — ends in a different atlas on each. These use only
// IEEE 754 basic operations (+ − × ÷, exact in every engine) after fdlibm's algorithms
// (e_exp.c, e_log.c; error below 1 ulp), so the atlas of a model is the same in a browser, in
// Node (the headless tool) and in an analysis bundle. `withPortableMath` swaps them into `Math`
// for one synchronous call (umap-js calls Math itself).

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

const view = new DataView(new ArrayBuffer(8));

/** 2^k for an integer k in −1074..1023, exactly (built from its bits). */
function pow2(k: number): number {
  if (k >= -1022) {
    view.setUint32(0, (k + 1023) << 20);
    view.setUint32(4, 0);
    return view.getFloat64(0);
  }
  // Subnormal powers: 2^(k + 64) × 2^−64, both exact.
  return pow2(k + 64) * 5.421010862427522e-20;
}

/** e^x, after fdlibm's e_exp.c. */
export function portableExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893383973096) return Infinity;
  if (x < -745.13321910194110842) return 0;
  if (x === 0) return 1;
  // Reduce: x = k·ln2 + r, |r| ≤ ln2/2.
  const k = Math.abs(x) < 0.34657359027997264 ? 0 : Math.round(x * INV_LN2);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k === 0) return y;
  // Scale in two steps so that neither factor over- or underflows on its own.
  if (k > 1000) return y * pow2(1000) * pow2(k - 1000);
  if (k < -1000) return y * pow2(-1000) * pow2(k + 1000);
  return y * pow2(k);
}

/** Natural logarithm, after fdlibm's e_log.c. */
export function portableLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  let m = x;
  if (m < 2.2250738585072014e-308) {
    // Subnormal: scale up by 2^54 first (exact).
    m *= 18014398509481984;
    k = -54;
  }
  view.setFloat64(0, m);
  const hx = view.getUint32(0);
  k += ((hx >>> 20) & 0x7ff) - 1023;
  const mant = hx & 0xfffff;
  // Normalise m to [√2/2, √2): f = m − 1 with |f| < 0.4143.
  const i = (mant + 0x95f64) & 0x100000;
  view.setUint32(0, mant | (i ^ 0x3ff00000));
  k += i >>> 20;
  const f = view.getFloat64(0) - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
}

/** x^y: exact repeated multiplication for small integer y, else e^(y·ln x). */
export function portablePow(x: number, y: number): number {
  if (y === 0) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 1) return 1;
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    let result = 1;
    let base = x;
    let n = Math.abs(y);
    while (n > 0) {
      if (n & 1) result *= base;
      base *= base;
      n >>>= 1;
    }
    return y < 0 ? 1 / result : result;
  }
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    const odd = Math.abs(y) % 2 === 1;
    const m = portableExp(y * portableLog(-x));
    return odd ? -m : m;
  }
  if (x === Infinity) return y > 0 ? Infinity : 0;
  return portableExp(y * portableLog(x));
}

const PORTABLE = { exp: portableExp, log: portableLog, pow: portablePow };

/**
 * Runs `fn` with Math.exp, Math.log and Math.pow replaced by the portable ones, then puts the
 * engine's back (also when `fn` throws). Synchronous only: nothing else runs meanwhile. Also
 * sets `globalThis.__baeMath`, which the production build's umap-js calls instead of `Math`
 * (vite.config.ts: its minifier turns `Math.pow` into `**`, out of reach of the swap).
 */
export function withPortableMath<T>(fn: () => T): T {
  const saved = { exp: Math.exp, log: Math.log, pow: Math.pow };
  const m = Math as {
    exp: (x: number) => number;
    log: (x: number) => number;
    pow: typeof Math.pow;
  };
  const g = globalThis as { __baeMath?: typeof PORTABLE };
  m.exp = portableExp;
  m.log = portableLog;
  m.pow = portablePow;
  g.__baeMath = PORTABLE;
  try {
    return fn();
  } finally {
    m.exp = saved.exp;
    m.log = saved.log;
    m.pow = saved.pow;
    delete g.__baeMath;
  }
}
