// The only owner of where the manifold's text labels go on screen: each label is tried beside its
// point, then at growing distances around it (with a leader line back to the point), in priority
// order (pinned first, then by |value|); a label that cannot be placed without overlapping a
// higher one, or inside the pane, is hidden — never stacked. Pure and allocation-light: the
// canvas calls it every rendered frame.

/** One label to place: its point on screen (CSS px), its box size, and its previous slot. */
export interface LabelRequest {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The candidate slot it used last frame (tried first, so labels do not jump); -1 = none. */
  previous: number;
}

/** Where a label went: its box's top-left corner, the slot, and whether it needs a leader. */
export interface LabelPlacement {
  visible: boolean;
  left: number;
  top: number;
  slot: number;
  /** The box is away from its point: draw a line from the point to the box. */
  leader: boolean;
}

/** Gap between a point and a label beside it, and between label boxes. */
const GAP_PX = 5;
const PAD_PX = 2;
/** Rings of candidate positions around the point (distances of the box's nearest edge). */
const RINGS_PX = [0, 18, 34, 52, 72, 96];
const DIRECTIONS = 12;

/** Candidate offsets: [dx, dy] of the box's anchor, and which side of the box is anchored. */
interface Slot {
  dx: number;
  dy: number;
  /** -1: the box extends left of the anchor, 1: right, 0: centred; same for vy (up/down). */
  hx: -1 | 0 | 1;
  vy: -1 | 0 | 1;
  leader: boolean;
}

const SLOTS: Slot[] = (() => {
  const out: Slot[] = [
    // Beside the point, right first (reading direction), then left, above, below.
    { dx: GAP_PX, dy: 0, hx: 1, vy: 0, leader: false },
    { dx: -GAP_PX, dy: 0, hx: -1, vy: 0, leader: false },
    { dx: 0, dy: -GAP_PX, hx: 0, vy: -1, leader: false },
    { dx: 0, dy: GAP_PX, hx: 0, vy: 1, leader: false },
  ];
  for (const r of RINGS_PX.slice(1)) {
    for (let k = 0; k < DIRECTIONS; k++) {
      const a = (2 * Math.PI * k) / DIRECTIONS;
      const cx = Math.cos(a);
      const cy = -Math.sin(a);
      out.push({
        dx: cx * (r + GAP_PX),
        dy: cy * (r + GAP_PX),
        hx: cx > 0.3 ? 1 : cx < -0.3 ? -1 : 0,
        vy: cy > 0.3 ? 1 : cy < -0.3 ? -1 : 0,
        leader: true,
      });
    }
  }
  return out;
})();

/** How many candidate slots a label has. */
export const LABEL_SLOTS = SLOTS.length;

function boxAt(req: LabelRequest, s: Slot): [number, number] {
  const x = req.x + s.dx;
  const y = req.y + s.dy;
  const left = s.hx === 1 ? x : s.hx === -1 ? x - req.width : x - req.width / 2;
  const top = s.vy === 1 ? y : s.vy === -1 ? y - req.height : y - req.height / 2;
  return [left, top];
}

/**
 * Places `requests` (in priority order) in a pane of `widthPx` × `heightPx`, avoiding each other
 * and the `avoid` boxes ([left, top, right, bottom], e.g. the axis labels). Writes into `out`
 * (grown as needed) and returns it.
 */
export function layoutLabels(
  requests: readonly LabelRequest[],
  widthPx: number,
  heightPx: number,
  avoid: readonly (readonly [number, number, number, number])[] = [],
  out: LabelPlacement[] = [],
): LabelPlacement[] {
  const placed: number[] = []; // flat [l, t, r, b] of placed boxes
  for (const a of avoid) placed.push(a[0], a[1], a[2], a[3]);
  const fits = (l: number, t: number, w: number, h: number): boolean => {
    if (l < 0 || t < 0 || l + w > widthPx || t + h > heightPx) return false;
    const r = l + w + PAD_PX;
    const b = t + h + PAD_PX;
    const l2 = l - PAD_PX;
    const t2 = t - PAD_PX;
    for (let i = 0; i < placed.length; i += 4) {
      if (l2 < placed[i + 2]! && r > placed[i]! && t2 < placed[i + 3]! && b > placed[i + 1]!) {
        return false;
      }
    }
    return true;
  };
  requests.forEach((req, i) => {
    const p = (out[i] ??= { visible: false, left: 0, top: 0, slot: -1, leader: false });
    p.visible = false;
    p.slot = -1;
    const onScreen =
      Number.isFinite(req.x) &&
      Number.isFinite(req.y) &&
      req.x >= 0 &&
      req.y >= 0 &&
      req.x <= widthPx &&
      req.y <= heightPx;
    if (!onScreen) return;
    const tryOrder = req.previous >= 0 && req.previous < SLOTS.length ? [req.previous] : [];
    for (let s = -1; s < SLOTS.length; s++) {
      const k = s < 0 ? tryOrder[0] : s;
      if (k === undefined) continue;
      const slot = SLOTS[k]!;
      const [l, t] = boxAt(req, slot);
      if (!fits(l, t, req.width, req.height)) continue;
      placed.push(l, t, l + req.width, t + req.height);
      p.visible = true;
      p.left = l;
      p.top = t;
      p.slot = k;
      p.leader = slot.leader;
      return;
    }
  });
  out.length = requests.length;
  return out;
}
