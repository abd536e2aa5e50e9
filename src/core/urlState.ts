// The only owner of the deep-link format: what of a view goes into the URL, how each field is
// written (rounded sensibly), and how a link is read back — tolerantly: every field is validated
// on its own, and whatever is garbage, out of range or from an unknown version is ignored and
// named, never executed or rendered as HTML. Pure; src/app/urlSync.ts connects it to the stores.
import { quoteValue } from './errors';
import {
  LAYOUT_KINDS,
  RELATION_MEASURES,
  type LayoutKind,
  type RelationMeasure,
} from './relations/measures';
import {
  BEST_VIEW_KS,
  MAX_LABELS,
  MAX_REGEX_CHARS,
  MAX_REGEXES,
  SAMPLE_POWERS,
  type ManifoldColorBy,
  type ManifoldSettings,
} from './manifold/settings';

/** The version this codec writes; links of other versions are not applied. */
export const URL_STATE_VERSION = 1;

export type UrlModel = { type: 'bundled'; name: string } | { type: 'url'; url: string };
export type UrlView = 'atlas' | 'latent' | 'model' | 'row';
export type UrlStat = 'density' | 'rank' | 'importance' | 'support' | 'captured' | 'circularity';

/** A camera pose in world coordinates (three.js conventions), as views and links hold it. */
export interface CameraPose {
  position: [number, number, number];
  target: [number, number, number];
  up: [number, number, number];
}

export interface UrlViewport {
  centerX: number;
  centerY: number;
  zoom: number;
}

/** Everything a link can carry; absent fields keep the app's current or default value. */
export interface UrlState {
  model?: UrlModel;
  view?: UrlView;
  latent?: number;
  /** The probe row the token view shows (view=row). */
  row?: number;
  axes?: [number, number, number];
  camera?: CameraPose;
  colorBy?: UrlStat;
  pointCount?: number;
  pointSize?: number;
  pinned?: number[];
  autoRotate?: boolean;
  viewport?: UrlViewport;
  search?: string;
  selection?: number[];
  theme?: 'light' | 'dark';
  /** Model panel: the prefix length k applied to the atlas (issue 8). */
  prefix?: number;
  /** The atlas's layout (which relation places the composites). */
  layout?: LayoutKind;
  /** The neighbour list's measure. */
  neighbours?: RelationMeasure;
  /** The manifold's display settings that differ from the defaults. */
  manifold?: Partial<ManifoldSettings>;
  /** The manifold's search query. */
  manifoldQuery?: string;
  /** Rows selected in the manifold. */
  manifoldSelection?: number[];
}

/** Limits that keep a hostile link from doing harm (huge arrays, huge numbers). */
export const URL_LIMITS = {
  maxId: 10_000_000,
  maxPinned: 64,
  maxSelection: 20_000,
  maxSearchChars: 200,
  maxUrlChars: 2048,
  maxNameChars: 200,
  maxCoordinate: 1e6,
  maxPointCount: 10_000_000,
  maxPointSizePx: 64,
  maxAxis: 100_000,
  maxZoom: 1e9,
} as const;

const STATS: readonly UrlStat[] = [
  'density',
  'rank',
  'importance',
  'support',
  'captured',
  'circularity',
];
const VIEWS: readonly UrlView[] = ['atlas', 'latent', 'model', 'row'];

/** Rounds for the URL: 5 significant digits, and small values to 1e-5 absolute. */
function num(x: number): string {
  if (Math.abs(x) < 1e-5) return '0';
  const r = Number(x.toPrecision(6));
  return String(Math.abs(r) < 1 ? Number(r.toFixed(6)) : r);
}

/** Sorted integer lists as ranges: 1,2,3,7 → "1-3,7". */
function ranges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/** Writes a state as URL parameters (for the part after `#`). */
export function encodeUrlState(s: UrlState): string {
  const p = new URLSearchParams();
  p.set('v', String(URL_STATE_VERSION));
  if (s.model) p.set('m', s.model.type === 'bundled' ? `b:${s.model.name}` : `u:${s.model.url}`);
  if (s.view) p.set('view', s.view);
  if (s.latent !== undefined) p.set('k', String(s.latent));
  if (s.row !== undefined) p.set('r', String(s.row));
  if (s.axes) p.set('ax', s.axes.join(','));
  if (s.camera) {
    const c = s.camera;
    p.set('cam', [...c.position, ...c.target, ...c.up].map(num).join(','));
  }
  if (s.colorBy) p.set('c', s.colorBy);
  if (s.pointCount !== undefined) p.set('n', String(s.pointCount));
  if (s.pointSize !== undefined) p.set('ps', num(s.pointSize));
  if (s.pinned?.length) p.set('pin', s.pinned.join(','));
  if (s.autoRotate) p.set('rot', '1');
  if (s.viewport)
    p.set('vp', [s.viewport.centerX, s.viewport.centerY, s.viewport.zoom].map(num).join(','));
  if (s.search) p.set('q', s.search);
  if (s.selection?.length) p.set('sel', ranges(s.selection));
  if (s.theme) p.set('th', s.theme);
  if (s.prefix !== undefined) p.set('pk', String(s.prefix));
  if (s.layout) p.set('lay', s.layout);
  if (s.neighbours) p.set('nb', s.neighbours);
  if (s.manifold) encodeManifold(s.manifold, p);
  if (s.manifoldQuery) p.set('mq', s.manifoldQuery);
  if (s.manifoldSelection?.length) p.set('msel', ranges(s.manifoldSelection));
  // Commas and colons are legal in a fragment: leave them readable (URLSearchParams escapes them).
  return p.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}

/**
 * What a link turned into: the fields that are valid, a sentence per ignored field, and a
 * sentence per valid field that will not show what the link seems to ask for (e.g. the latent
 * view without a composite opens the atlas).
 */
export interface DecodedUrlState {
  state: UrlState;
  ignored: string[];
  warnings: string[];
}

/** How much of a link's value a message quotes (links are short; a notice lists several). */
const QUOTED_URL_CHARS = 40;

function quoted(text: string, max = QUOTED_URL_CHARS): string {
  return quoteValue(text, max);
}

function parseId(text: string, max: number): number | null {
  if (!/^\d{1,9}$/.test(text)) return null;
  const v = Number(text);
  return v <= max ? v : null;
}

function parseNumbers(text: string, count: number, bound: number): number[] | null {
  const parts = text.split(',');
  if (parts.length !== count) return null;
  const out: number[] = [];
  for (const part of parts) {
    if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(part)) return null;
    const v = Number(part);
    if (!Number.isFinite(v) || Math.abs(v) > bound) return null;
    out.push(v);
  }
  return out;
}

function parseIdList(
  text: string,
  maxItems: number,
  maxId: number,
  allowRanges: boolean,
): number[] | null {
  if (text === '') return [];
  const out: number[] = [];
  for (const part of text.split(',')) {
    const range = allowRanges ? /^(\d{1,9})-(\d{1,9})$/.exec(part) : null;
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (a > b || b > maxId || out.length + (b - a + 1) > maxItems) return null;
      for (let i = a; i <= b; i++) out.push(i);
      continue;
    }
    const id = parseId(part, maxId);
    if (id === null || out.length >= maxItems) return null;
    out.push(id);
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

/**
 * Reads a link's parameters (the part after `#` or `?`, with or without the leading mark).
 * Never throws: a bad field is left out of `state` and described in `ignored`.
 */
export function decodeUrlState(text: string): DecodedUrlState {
  const state: UrlState = {};
  const ignored: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text.replace(/^[#?]/, ''));
  } catch {
    return { state, ignored: ['the link’s parameters could not be read'], warnings: [] };
  }
  const version = params.get('v');
  if (version === null) {
    if ([...params.keys()].length > 0)
      ignored.push('the link has no version (v=…), so its view settings were ignored');
    return { state, ignored, warnings: [] };
  }
  if (version !== String(URL_STATE_VERSION)) {
    ignored.push(
      `the link is of version ${quoted(version)}, but this app reads version ${URL_STATE_VERSION}: its view settings were ignored`,
    );
    return { state, ignored, warnings: [] };
  }
  const bad = (field: string, value: string, why: string) =>
    ignored.push(`${field} ${quoted(value)}: ${why}`);
  const known = new Set([
    'v',
    'm',
    'view',
    'k',
    'ax',
    'cam',
    'c',
    'n',
    'ps',
    'pin',
    'rot',
    'vp',
    'q',
    'sel',
    'th',
    'pk',
    'r',
    'lay',
    'nb',
    ...MANIFOLD_KEYS,
  ]);
  const manifold: Partial<ManifoldSettings> = {};

  for (const [key, value] of params) {
    if (!known.has(key)) {
      ignored.push(`unknown parameter ${quoted(key, 20)}`);
      continue;
    }
    switch (key) {
      case 'm': {
        if (value.startsWith('b:')) {
          const name = value.slice(2);
          if (/^[\w.-]{1,200}$/.test(name)) state.model = { type: 'bundled', name };
          else bad('model', value, 'not a bundled model name');
        } else if (value.startsWith('u:')) {
          const url = value.slice(2);
          let ok: boolean;
          try {
            const u = new URL(url);
            ok =
              (u.protocol === 'https:' || u.protocol === 'http:') &&
              url.length <= URL_LIMITS.maxUrlChars;
          } catch {
            ok = false;
          }
          if (ok) state.model = { type: 'url', url };
          else bad('model', value, 'only http(s) model addresses can be opened from a link');
        } else bad('model', value, 'expected b:<bundled name> or u:<address>');
        break;
      }
      case 'view':
        if ((VIEWS as readonly string[]).includes(value)) state.view = value as UrlView;
        else bad('view', value, `expected one of ${VIEWS.join(', ')}`);
        break;
      case 'k': {
        const id = parseId(value, URL_LIMITS.maxId);
        if (id === null) bad('latent', value, 'not a composite id');
        else state.latent = id;
        break;
      }
      case 'r': {
        const id = parseId(value, URL_LIMITS.maxId);
        if (id === null) bad('row', value, 'not a probe row');
        else state.row = id;
        break;
      }
      case 'lay':
        if ((LAYOUT_KINDS as readonly string[]).includes(value)) state.layout = value as LayoutKind;
        else bad('layout', value, `expected one of ${LAYOUT_KINDS.join(', ')}`);
        break;
      case 'nb':
        if ((RELATION_MEASURES as readonly string[]).includes(value))
          state.neighbours = value as RelationMeasure;
        else bad('neighbour measure', value, `expected one of ${RELATION_MEASURES.join(', ')}`);
        break;
      case 'ax': {
        const ax = parseIdList(value, 3, URL_LIMITS.maxAxis, false);
        const raw = value.split(',');
        if (!ax || raw.length !== 3 || ax.length !== 3)
          bad('axes', value, 'expected three different eigenvector indices');
        else state.axes = raw.map(Number) as [number, number, number];
        break;
      }
      case 'cam': {
        const v = parseNumbers(value, 9, URL_LIMITS.maxCoordinate);
        const up = v?.slice(6, 9) ?? [];
        if (!v || Math.hypot(...up) === 0)
          bad('camera', value, 'expected 9 finite numbers (position, target, up)');
        else {
          state.camera = {
            position: v.slice(0, 3) as [number, number, number],
            target: v.slice(3, 6) as [number, number, number],
            up: up as [number, number, number],
          };
        }
        break;
      }
      case 'c':
        if ((STATS as readonly string[]).includes(value)) state.colorBy = value as UrlStat;
        else bad('colour-by', value, `expected one of ${STATS.join(', ')}`);
        break;
      case 'n': {
        const n = parseId(value, URL_LIMITS.maxPointCount);
        if (n === null || n < 1) bad('point count', value, 'not a positive count');
        else state.pointCount = n;
        break;
      }
      case 'ps': {
        const v = parseNumbers(value, 1, URL_LIMITS.maxPointSizePx);
        if (!v || (v[0] ?? 0) <= 0)
          bad('point size', value, `expected a size in (0, ${URL_LIMITS.maxPointSizePx}] px`);
        else state.pointSize = v[0] ?? 1;
        break;
      }
      case 'pin': {
        const ids = parseIdList(value, URL_LIMITS.maxPinned, URL_LIMITS.maxId, false);
        if (!ids) bad('pinned points', value, `expected up to ${URL_LIMITS.maxPinned} row ids`);
        else state.pinned = ids;
        break;
      }
      case 'rot':
        if (value === '1' || value === '0') state.autoRotate = value === '1';
        else bad('auto-rotate', value, 'expected 0 or 1');
        break;
      case 'vp': {
        const v = parseNumbers(value, 3, URL_LIMITS.maxZoom);
        if (
          !v ||
          (v[2] ?? 0) <= 0 ||
          Math.abs(v[0] ?? 0) > URL_LIMITS.maxCoordinate ||
          Math.abs(v[1] ?? 0) > URL_LIMITS.maxCoordinate
        ) {
          bad('atlas viewport', value, 'expected centre x, centre y and a positive zoom');
        } else state.viewport = { centerX: v[0] ?? 0, centerY: v[1] ?? 0, zoom: v[2] ?? 1 };
        break;
      }
      case 'q':
        if (value.length > URL_LIMITS.maxSearchChars)
          bad('search', value, `longer than ${URL_LIMITS.maxSearchChars} characters`);
        else state.search = value;
        break;
      case 'sel': {
        const ids = parseIdList(value, URL_LIMITS.maxSelection, URL_LIMITS.maxId, true);
        if (!ids)
          bad(
            'selection',
            value,
            `expected up to ${URL_LIMITS.maxSelection} composite ids or ranges`,
          );
        else state.selection = ids;
        break;
      }
      case 'th':
        if (value === 'light' || value === 'dark') state.theme = value;
        else bad('theme', value, 'expected light or dark');
        break;
      case 'pk': {
        const k = parseId(value, URL_LIMITS.maxId);
        if (k === null || k < 1) bad('prefix', value, 'not a positive prefix length');
        else state.prefix = k;
        break;
      }
      default: {
        const problem = decodeManifoldField(key, value, params, manifold, state);
        if (problem) bad(problem.field, value, problem.why);
      }
    }
  }
  if (Object.keys(manifold).length > 0) state.manifold = manifold;
  const warnings: string[] = [];
  if (state.view === 'latent' && !params.has('k')) {
    warnings.push(
      'the link asks for the latent view but names no composite (k=…), so the atlas is shown',
    );
  }
  if (state.view === 'row' && !params.has('r')) {
    warnings.push(
      'the link asks for the token view but names no probe row (r=…), so the atlas is shown',
    );
  }
  if (state.row !== undefined && state.view !== undefined && state.view !== 'row') {
    warnings.push(`probe row ${state.row} (r=…) is not opened: the link's view is ${state.view}`);
  }
  if (state.latent !== undefined && state.view !== undefined && state.view !== 'latent') {
    warnings.push(
      `composite ${state.latent} (k=…) is not opened: the link's view is ${state.view}`,
    );
  }
  return { state, ignored, warnings };
}

/** The manifold's parameters: sampling, emphasis, threshold, labels, scale, colour (+ regexes). */
const MANIFOLD_KEYS = ['smp', 'em', 'thr', 'lab', 'sc', 'mc', 're', 'proj', 'mq', 'msel'] as const;
const EMPHASIS = ['off', 'size', 'opacity', 'both'] as const;
const SCALES = ['auto', 'linear', 'log', 'quantile'] as const;

function encodeManifold(m: Partial<ManifoldSettings>, p: URLSearchParams): void {
  if (m.sampling) p.set('smp', m.sampling.kind === 'top' ? 'top' : `w${m.sampling.power}`);
  if (m.emphasis) p.set('em', m.emphasis);
  if (m.threshold || m.below) {
    const t = m.threshold ?? { mode: 'quantile', value: 0 };
    p.set('thr', `${t.mode === 'value' ? 'v' : 'q'}:${num(t.value)}:${m.below ?? 'fade'}`);
  }
  if (m.labels !== undefined) p.set('lab', String(m.labels));
  if (m.scale) p.set('sc', m.scale);
  const c = m.colorBy;
  if (c) {
    p.set(
      'mc',
      c.kind === 'composite'
        ? `k:${c.composite}`
        : c.kind === 'position'
          ? 'pos'
          : c.kind === 'regex'
            ? 're'
            : c.kind,
    );
    if (c.kind === 'regex') for (const pattern of c.patterns) p.append('re', pattern);
  }
  const pr = m.projection;
  if (pr) p.set('proj', pr.kind === 'eigen' ? 'eigen' : `best:${pr.k}:${pr.of}`);
}

/** Reads one manifold parameter into `out`; returns what was wrong with it, or null. */
function decodeManifoldField(
  key: string,
  value: string,
  params: URLSearchParams,
  out: Partial<ManifoldSettings>,
  state: UrlState,
): { field: string; why: string } | null {
  switch (key) {
    case 'proj': {
      if (value === 'eigen') out.projection = { kind: 'eigen' };
      else {
        const m = /^best:(\d{1,2}):(shown|selected)$/.exec(value);
        const k = m ? Number(m[1]) : NaN;
        if (!m || !(BEST_VIEW_KS as readonly number[]).includes(k)) {
          return {
            field: 'projection',
            why: `expected eigen or best:<${BEST_VIEW_KS.join('|')}>:<shown|selected>`,
          };
        }
        out.projection = { kind: 'best', k, of: m[2] as 'shown' | 'selected' };
      }
      return null;
    }
    case 'mq':
      if (value.length > URL_LIMITS.maxSearchChars) {
        return {
          field: 'manifold search',
          why: `longer than ${URL_LIMITS.maxSearchChars} characters`,
        };
      }
      state.manifoldQuery = value;
      return null;
    case 'msel': {
      const ids = parseIdList(value, URL_LIMITS.maxSelection, URL_LIMITS.maxId, true);
      if (!ids) {
        return {
          field: 'manifold selection',
          why: `expected up to ${URL_LIMITS.maxSelection} probe-row ids or ranges`,
        };
      }
      state.manifoldSelection = ids;
      return null;
    }
    case 'smp': {
      if (value === 'top') out.sampling = { kind: 'top' };
      else {
        const power = /^w(\d)$/.exec(value);
        const p = power ? Number(power[1]) : NaN;
        if (!(SAMPLE_POWERS as readonly number[]).includes(p)) {
          return { field: 'sampling', why: `expected top or w${SAMPLE_POWERS.join('/w')}` };
        }
        out.sampling = { kind: 'weighted', power: p };
      }
      return null;
    }
    case 'em':
      if (!(EMPHASIS as readonly string[]).includes(value))
        return { field: 'emphasis', why: `expected one of ${EMPHASIS.join(', ')}` };
      out.emphasis = value as ManifoldSettings['emphasis'];
      return null;
    case 'thr': {
      const m = /^([qv]):([^:]+):(fade|hide)$/.exec(value);
      const v = m ? parseNumbers(m[2] ?? '', 1, URL_LIMITS.maxCoordinate) : null;
      const t = v?.[0] ?? NaN;
      if (!m || !(t >= 0) || (m[1] === 'q' && t > 1)) {
        return { field: 'threshold', why: 'expected q:<0..1> or v:<value>, then :fade or :hide' };
      }
      out.threshold = { mode: m[1] === 'v' ? 'value' : 'quantile', value: t };
      out.below = m[3] as 'fade' | 'hide';
      return null;
    }
    case 'lab': {
      const n = parseId(value, MAX_LABELS);
      if (n === null) return { field: 'labels', why: `expected a count 0–${MAX_LABELS}` };
      out.labels = n;
      return null;
    }
    case 'sc':
      if (!(SCALES as readonly string[]).includes(value))
        return { field: 'colour scale', why: `expected one of ${SCALES.join(', ')}` };
      out.scale = value as ManifoldSettings['scale'];
      return null;
    case 'mc': {
      let c: ManifoldColorBy | null = null;
      if (value === 'value' || value === 'token') c = { kind: value };
      else if (value === 'pos') c = { kind: 'position' };
      else if (value === 're') {
        const patterns = params.getAll('re');
        if (
          patterns.length === 0 ||
          patterns.length > MAX_REGEXES ||
          patterns.some((p) => p.length > MAX_REGEX_CHARS)
        ) {
          return {
            field: 'colour by',
            why: `expected 1–${MAX_REGEXES} patterns (re=…) of at most ${MAX_REGEX_CHARS} characters`,
          };
        }
        c = { kind: 'regex', patterns };
      } else if (value.startsWith('k:')) {
        const k = parseId(value.slice(2), URL_LIMITS.maxId);
        if (k !== null) c = { kind: 'composite', composite: k };
      }
      if (!c) return { field: 'colour by', why: 'expected value, token, pos, re or k:<composite>' };
      out.colorBy = c;
      return null;
    }
    case 're':
      return null; // read with mc=re
  }
  return null;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!B64URL.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(stream)
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) throw new Error('too large');
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The short form: `z=` + deflated, base64url parameters (for long states). */
export async function compressUrlState(params: string): Promise<string> {
  const packed = await pipe(
    new TextEncoder().encode(params),
    new CompressionStream('deflate-raw'),
    1 << 20,
  );
  return `z=${toBase64Url(packed)}`;
}

/**
 * Expands a short form (`z=…`) back to parameters; other text is returned as is. A corrupt
 * or oversized short form yields null (a "zip bomb" stops at 64 KiB of output).
 */
export async function expandUrlState(text: string): Promise<string | null> {
  const body = text.replace(/^[#?]/, '');
  if (!body.startsWith('z=')) return body;
  const bytes = fromBase64Url(body.slice(2));
  if (!bytes) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      await pipe(bytes, new DecompressionStream('deflate-raw'), 64 * 1024),
    );
  } catch {
    return null;
  }
}
