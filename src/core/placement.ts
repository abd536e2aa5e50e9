// The only owner of where a floating box (a tooltip) goes next to its anchor: under it, or above
// it when there is no room below, shifted sideways so it stays inside the viewport with a margin.
// Pure geometry in CSS pixels; ui/Tooltip places its portal tips with it.

/** Room kept between a tip and the viewport's edges, and between a tip and its anchor (px). */
export const TIP_MARGIN_PX = 8;
export const TIP_GAP_PX = 4;

/** Top-left corner (viewport px) of a `tip`-sized box for an anchor's box, in a `viewport`. */
export function placeTip(
  anchor: { left: number; top: number; bottom: number },
  tip: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const maxLeft = Math.max(TIP_MARGIN_PX, viewport.width - tip.width - TIP_MARGIN_PX);
  const left = Math.min(Math.max(anchor.left, TIP_MARGIN_PX), maxLeft);
  const below = anchor.bottom + TIP_GAP_PX;
  const above = anchor.top - TIP_GAP_PX - tip.height;
  const fitsBelow = below + tip.height <= viewport.height - TIP_MARGIN_PX;
  const top = fitsBelow || above < TIP_MARGIN_PX ? below : above;
  return {
    left,
    top: Math.max(TIP_MARGIN_PX, Math.min(top, viewport.height - tip.height - TIP_MARGIN_PX)),
  };
}
