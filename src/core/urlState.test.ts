// The deep-link codec: random states survive a round trip (up to the documented rounding), the
// short form expands to the same state, and hostile links (huge numbers, NaN, injection strings,
// unknown versions, zip bombs) are ignored field by field with a reason, never thrown.
import { describe, expect, it } from 'vitest';
import {
  URL_LIMITS,
  compressUrlState,
  decodeUrlState,
  encodeUrlState,
  expandUrlState,
  type UrlState,
} from './urlState';
import type { ManifoldSettings } from './manifold/settings';
import { seededRandom } from './random';

function randomState(r: () => number): UrlState {
  const int = (max: number) => Math.floor(r() * max);
  const coord = () => (r() - 0.5) * 20;
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const s: UrlState = {};
  if (r() < 0.8) {
    s.model =
      r() < 0.5
        ? { type: 'bundled', name: pick(['words-mixed', 'tiny-mixed', 'a.b_c-1']) }
        : { type: 'url', url: `https://huggingface.co/x/y/resolve/main/m-${int(99)}/?q=${int(9)}` };
  }
  if (r() < 0.8) s.view = pick(['atlas', 'latent', 'model', 'row'] as const);
  if (r() < 0.7) s.latent = int(20000);
  if (r() < 0.4) s.row = int(65536);
  if (r() < 0.7) {
    const a = int(50);
    s.axes = [a, a + 1 + int(5), a + 7 + int(5)];
  }
  if (r() < 0.7)
    s.camera = {
      position: [coord(), coord(), coord()],
      target: [coord(), coord(), coord()],
      up: [0, 1, 0],
    };
  if (r() < 0.7)
    s.colorBy = pick(['density', 'rank', 'importance', 'support', 'captured'] as const);
  if (r() < 0.5) s.pointCount = 1 + int(65536);
  if (r() < 0.5) s.pointSize = 1 + int(12);
  if (r() < 0.5)
    s.pinned = [...new Set(Array.from({ length: 1 + int(5) }, () => int(20000)))].sort(
      (a, b) => a - b,
    );
  if (r() < 0.3) s.autoRotate = true;
  if (r() < 0.5) s.viewport = { centerX: coord(), centerY: coord(), zoom: 1 + r() * 100 };
  if (r() < 0.5)
    s.search = pick(['month', 'new york', 'a&b=c#d', 'ünïcødé 月', '<script>alert(1)</script>']);
  if (r() < 0.4)
    s.selection = [...new Set(Array.from({ length: 1 + int(30) }, () => int(300)))].sort(
      (a, b) => a - b,
    );
  if (r() < 0.5) s.theme = pick(['light', 'dark'] as const);
  if (r() < 0.3) s.prefix = 1 + int(200);
  if (r() < 0.4) s.layout = pick(['spectral', 'coactivation', 'centroid', 'forms'] as const);
  if (r() < 0.4) s.neighbours = pick(['coactivation', 'overlap', 'centroid', 'forms'] as const);
  return s;
}

/** Rounding the codec applies to reals (5 significant digits). */
function closeTo(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-5, Math.abs(b) * 1e-5);
}

function expectSameState(got: UrlState, want: UrlState) {
  const { camera: gc, viewport: gv, pointSize: gp, ...gRest } = got;
  const { camera: wc, viewport: wv, pointSize: wp, ...wRest } = want;
  expect(gRest).toEqual(wRest);
  expect(gc === undefined).toBe(wc === undefined);
  if (gc && wc) {
    for (const key of ['position', 'target', 'up'] as const) {
      gc[key].forEach((v, i) => expect(closeTo(v, wc[key][i] ?? NaN), `${key}[${i}]`).toBe(true));
    }
  }
  expect(gv === undefined).toBe(wv === undefined);
  if (gv && wv) {
    expect(
      closeTo(gv.centerX, wv.centerX) &&
        closeTo(gv.centerY, wv.centerY) &&
        closeTo(gv.zoom, wv.zoom),
    ).toBe(true);
  }
  expect(gp === undefined ? undefined : Math.round(gp)).toBe(wp);
}

describe('URL state codec', () => {
  it('round-trips 500 random states', () => {
    const r = seededRandom(42);
    for (let i = 0; i < 500; i++) {
      const s = randomState(r);
      const decoded = decodeUrlState(encodeUrlState(s));
      expect(decoded.ignored, JSON.stringify(s)).toEqual([]);
      expectSameState(decoded.state, s);
    }
  });

  it('keeps the camera within 1e-3 after rounding', () => {
    const s: UrlState = {
      camera: {
        position: [1.23456789, -9.87654321, 0.000123456],
        target: [0.1, 0.2, 0.3],
        up: [0, 1, 0],
      },
    };
    const c = decodeUrlState(encodeUrlState(s)).state.camera!;
    c.position.forEach((v, i) =>
      expect(Math.abs(v - (s.camera!.position[i] ?? 0))).toBeLessThan(1e-3),
    );
  });

  it('accepts the leading # or ?', () => {
    const text = encodeUrlState({ view: 'latent', latent: 7 });
    expect(decodeUrlState(`#${text}`).state).toEqual({ view: 'latent', latent: 7 });
    expect(decodeUrlState(`?${text}`).state).toEqual({ view: 'latent', latent: 7 });
  });

  it('writes selections as ranges', () => {
    expect(encodeUrlState({ selection: [1, 2, 3, 7, 9, 10] })).toContain('sel=1-3,7,9-10');
  });

  it('round-trips through the short form', async () => {
    const r = seededRandom(7);
    for (let i = 0; i < 20; i++) {
      const s = randomState(r);
      const long = encodeUrlState(s);
      const short = await compressUrlState(long);
      expect(short).toMatch(/^z=[A-Za-z0-9_-]*$/);
      const expanded = await expandUrlState(`#${short}`);
      expect(expanded).toBe(long);
    }
  });
});

describe('hostile links', () => {
  const cases: Array<[string, RegExp]> = [
    ['v=1&k=1e99', /latent "1e99": not a composite id/],
    ['v=1&k=-3', /latent/],
    ['v=1&k=99999999999', /latent/],
    ['v=1&cam=NaN,0,0,0,0,0,0,1,0', /camera/],
    ['v=1&cam=1e300,0,0,0,0,0,0,1,0', /camera/],
    ['v=1&cam=0,0,5,0,0,0,0,0,0', /camera/],
    ['v=1&cam=1,2,3', /camera/],
    ['v=1&ax=0,0,1', /axes/],
    ['v=1&ax=0,1', /axes/],
    ['v=1&ax=a,b,c', /axes/],
    ['v=1&c=__proto__', /colour-by/],
    ['v=1&view=<script>alert(1)</script>', /view "<script>alert\(1\)<\/script>": expected one of/],
    ['v=1&m=u:javascript:alert(1)', /only http\(s\) model addresses/],
    ['v=1&m=b:../../etc/passwd', /not a bundled model name/],
    ['v=1&m=x:y', /expected b:/],
    [
      `v=1&pin=${Array.from({ length: URL_LIMITS.maxPinned + 1 }, (_, i) => i).join(',')}`,
      /pinned points/,
    ],
    ['v=1&sel=0-99999999', /selection/],
    ['v=1&sel=5-2', /selection/],
    ['v=1&n=0', /point count/],
    ['v=1&ps=1000', /point size/],
    ['v=1&vp=0,0,-1', /atlas viewport/],
    [`v=1&q=${'x'.repeat(500)}`, /search/],
    ['v=1&th=neon', /theme/],
    ['v=1&pk=0', /prefix/],
    ['v=1&r=-1', /row "-1": not a probe row/],
    ['v=1&lay=umap', /layout "umap": expected one of/],
    ['v=1&nb=cosine', /neighbour measure "cosine": expected one of/],
    ['v=1&evil=1', /unknown parameter "evil"/],
  ];
  for (const [link, pattern] of cases) {
    it(`ignores ${link.slice(0, 50)} and says why`, () => {
      const { state, ignored } = decodeUrlState(link);
      expect(ignored.join('\n')).toMatch(pattern);
      expect(Object.keys(state)).toEqual([]);
    });
  }

  it('keeps the valid fields of a partly bad link', () => {
    const { state, ignored } = decodeUrlState('v=1&view=latent&k=12&cam=x&c=rank');
    expect(state).toEqual({ view: 'latent', latent: 12, colorBy: 'rank' });
    expect(ignored).toHaveLength(1);
  });

  it('warns when a link asks for a view it cannot show', () => {
    expect(decodeUrlState('v=1&view=latent')).toEqual({
      state: { view: 'latent' },
      ignored: [],
      warnings: [
        'the link asks for the latent view but names no composite (k=…), so the atlas is shown',
      ],
    });
    expect(decodeUrlState('v=1&view=model&k=4').warnings).toEqual([
      "composite 4 (k=…) is not opened: the link's view is model",
    ]);
    expect(decodeUrlState('v=1&view=latent&k=4').warnings).toEqual([]);
    expect(decodeUrlState('v=1&view=row').warnings).toEqual([
      'the link asks for the token view but names no probe row (r=…), so the atlas is shown',
    ]);
    expect(decodeUrlState('v=1&view=atlas&r=5').warnings).toEqual([
      "probe row 5 (r=…) is not opened: the link's view is atlas",
    ]);
    expect(decodeUrlState('v=1&view=row&r=5').state).toEqual({ view: 'row', row: 5 });
    expect(decodeUrlState('v=1&k=4').warnings).toEqual([]);
    // An unreadable k is reported once, as ignored.
    expect(decodeUrlState('v=1&view=latent&k=x')).toMatchObject({
      ignored: ['latent "x": not a composite id'],
      warnings: [],
    });
  });

  it('refuses other versions and versionless links as a whole', () => {
    expect(decodeUrlState('v=2&k=3').ignored[0]).toMatch(/version "2"/);
    expect(decodeUrlState('v=2&k=3').state).toEqual({});
    expect(decodeUrlState('k=3').ignored[0]).toMatch(/no version/);
    expect(decodeUrlState('').ignored).toEqual([]);
  });

  it('clips and neutralises control characters in what it reports', () => {
    const { ignored } = decodeUrlState(
      `v=1&view=${encodeURIComponent('\u0000\n' + 'y'.repeat(100))}`,
    );
    expect(ignored[0]).not.toContain('\u0000');
    expect(ignored[0]).not.toContain('\n');
    expect(ignored[0]!.length).toBeLessThan(120);
  });

  it('quotes at most 40 characters of a long value, and escapes bidi characters', () => {
    const { ignored } = decodeUrlState(`v=1&view=${'v'.repeat(5000)}&th=${'\u202E'}dark`);
    expect(ignored).toEqual([
      `view "${'v'.repeat(40)}"… (5,000 characters): expected one of atlas, latent, model, row`,
      'theme "\\u202edark": expected light or dark',
    ]);
  });

  it('stops a decompression bomb and refuses corrupt short forms', async () => {
    const bomb = await compressUrlState('v=1&q=' + 'a'.repeat(200_000));
    expect(await expandUrlState(bomb)).toBeNull();
    expect(await expandUrlState('z=!!!')).toBeNull();
    expect(await expandUrlState('z=AAAA')).toBeNull();
  });

  it('never throws on random bytes', () => {
    const r = seededRandom(3);
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + Math.floor(r() * 60) }, () =>
        String.fromCharCode(Math.floor(r() * 128)),
      ).join('');
      expect(() => decodeUrlState(`v=1&${text}`)).not.toThrow();
    }
  });
});

describe('manifold display settings in a link', () => {
  it('round-trips every field', () => {
    const manifold: Partial<ManifoldSettings> = {
      sampling: { kind: 'weighted', power: 4 },
      emphasis: 'both',
      threshold: { mode: 'quantile', value: 0.9 },
      below: 'hide',
      labels: 48,
      scale: 'log',
      colorBy: { kind: 'regex', patterns: ['^jan', 'oct|nov', 'a,b&c=d#'] },
    };
    const text = encodeUrlState({ view: 'latent', latent: 57, manifold });
    expect(decodeUrlState(text)).toEqual({
      state: { view: 'latent', latent: 57, manifold },
      ignored: [],
      warnings: [],
    });
    const byComposite = encodeUrlState({
      manifold: { colorBy: { kind: 'composite', composite: 75 }, sampling: { kind: 'top' } },
    });
    expect(decodeUrlState(byComposite).state.manifold).toEqual({
      colorBy: { kind: 'composite', composite: 75 },
      sampling: { kind: 'top' },
    });
    expect(decodeUrlState('v=1&mc=pos&thr=v:0.25:fade').state.manifold).toEqual({
      colorBy: { kind: 'position' },
      threshold: { mode: 'value', value: 0.25 },
      below: 'fade',
    });
  });

  it('ignores, and names, what does not fit', () => {
    const { state, ignored } = decodeUrlState(
      'v=1&smp=w3&em=glow&thr=q:1.5:fade&lab=101&sc=cubic&mc=re&lab=12',
    );
    expect(state.manifold).toEqual({ labels: 12 });
    expect(ignored.join('\n')).toMatch(/sampling "w3"/);
    expect(ignored.join('\n')).toMatch(/emphasis "glow"/);
    expect(ignored.join('\n')).toMatch(/threshold "q:1.5:fade"/);
    expect(ignored.join('\n')).toMatch(/labels "101"/);
    expect(ignored.join('\n')).toMatch(/colour scale "cubic"/);
    expect(ignored.join('\n')).toMatch(/colour by "re": expected 1–6 patterns/);
    const seven = Array.from({ length: 7 }, (_, i) => `re=p${i}`).join('&');
    expect(decodeUrlState(`v=1&mc=re&${seven}`).state.manifold).toBeUndefined();
  });
});
