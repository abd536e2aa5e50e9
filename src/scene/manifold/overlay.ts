// The manifold's HTML overlay, written imperatively (per-frame values never go through React):
// the hover card's text nodes and the placement of cards and labels at projected points. Text
// only — contexts come from user files and are never parsed as HTML.
import { Vector3, type Matrix4 } from 'three';
import { formatValue } from '../../core/numberFormat';
import { contextDisplay, type TextPiece } from '../../core/tokenText';
import type { PointText } from '../../core/manifoldPoints';
import { MANIFOLD_TUNING } from './tuning';

/** Appends display pieces (core/tokenText) to `el` as text nodes, marks in styled spans. */
function appendPieces(el: HTMLElement, pieces: readonly TextPiece[]): void {
  for (const p of pieces) {
    if (!p.mark) {
      el.append(p.text);
      continue;
    }
    const span = document.createElement('span');
    span.className = 'tok-mark';
    span.textContent = p.text;
    el.append(span);
  }
}

/**
 * Fills the hover card with a point's context (firing token marked, drawn as the latent view's
 * lists draw it: core/tokenText), value and meta line.
 */
export function fillCard(card: HTMLElement, t: PointText): void {
  const c = contextDisplay(t);
  const ctx = document.createElement('div');
  ctx.className = 'context';
  const mark = document.createElement('mark');
  appendPieces(ctx, c.before);
  appendPieces(mark, c.token);
  ctx.append(mark);
  appendPieces(ctx, c.after);
  const value = document.createElement('div');
  value.className = 'card-value';
  value.textContent = `${t.valueLabel} = ${formatValue(t.value)}`;
  const meta = document.createElement('div');
  meta.className = 'muted';
  meta.textContent = t.meta;
  card.replaceChildren(ctx, value, meta);
}

const v = new Vector3();

/** Canvas CSS-pixel position of a world point, or null when it is behind the camera or clipped. */
export function projectPoint(
  m: Matrix4,
  x: number,
  y: number,
  z: number,
  widthPx: number,
  heightPx: number,
): [number, number] | null {
  v.set(x, y, z).applyMatrix4(m);
  if (!(v.z >= -1 && v.z <= 1)) return null;
  return [(v.x + 1) * (widthPx / 2), (1 - v.y) * (heightPx / 2)];
}

/** Moves an overlay element so that its origin sits at `at` (hidden when null). */
export function placeAt(el: HTMLElement, at: [number, number] | null): void {
  if (!at) {
    el.style.visibility = 'hidden';
    return;
  }
  el.style.visibility = 'visible';
  el.style.transform = `translate(${at[0].toFixed(1)}px, ${at[1].toFixed(1)}px)`;
}

/**
 * Like placeAt, but keeps the whole element inside the pane (for labels at the axis ends).
 * Returns where it went (null when hidden).
 */
export function placeInside(
  el: HTMLElement,
  at: [number, number] | null,
  widthPx: number,
  heightPx: number,
): [number, number] | null {
  if (!at) {
    placeAt(el, null);
    return null;
  }
  const margin = MANIFOLD_TUNING.cardMarginPx;
  const x = Math.max(margin, Math.min(at[0], widthPx - el.offsetWidth - margin));
  const y = Math.max(margin + 8, Math.min(at[1], heightPx - margin));
  placeAt(el, [x, y]);
  return [x, y];
}

/** Places the hover card beside a point, flipped to stay inside the pane. */
export function placeCard(
  card: HTMLElement,
  at: [number, number],
  widthPx: number,
  heightPx: number,
): void {
  const { cardOffsetPx: off, cardMarginPx: margin } = MANIFOLD_TUNING;
  const w = card.offsetWidth;
  const h = card.offsetHeight;
  let x = at[0] + off;
  let y = at[1] + off;
  if (x + w > widthPx - margin) x = Math.max(margin, at[0] - off - w);
  if (y + h > heightPx - margin) y = Math.max(margin, at[1] - off - h);
  card.style.visibility = 'visible';
  card.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
}
