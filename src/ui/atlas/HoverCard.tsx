// The atlas hover card: id, label, statistics (with their definitions) and top firing tokens of
// the composite under the pointer. Subscribes to the hover channel alone, so only it re-renders
// as the pointer moves; placed beside the point, flipped away from the map's edges.
import { useLayoutEffect, useRef, useState } from 'react';
import { STAT_NAMES } from '../../core/stats';
import { useHover, type HoverChannel } from './hoverChannel';
import { TokenText } from '../TokenText';
import { LabelText } from './LabelText';
import { StatLabel } from './StatLabel';
import type { AtlasModel } from './useAtlasModel';

const OFFSET_PX = 14;
const TOKENS_SHOWN = 8;
/** Characters of a token chip before it is clipped (the full token is its title). */
const TOKEN_CHARS = 24;

export function HoverCard({ channel, model }: { channel: HoverChannel; model: AtlasModel }) {
  const hover = useHover(channel);
  const ref = useRef<HTMLDivElement>(null);
  const [flip, setFlip] = useState({ x: false, y: false });
  useLayoutEffect(() => {
    const el = ref.current;
    const parent = el?.offsetParent as HTMLElement | null | undefined;
    if (!el || !parent || !hover) return;
    const x = hover.xPx + OFFSET_PX + el.offsetWidth > parent.clientWidth;
    const y = hover.yPx + OFFSET_PX + el.offsetHeight > parent.clientHeight;
    setFlip((f) => (f.x === x && f.y === y ? f : { x, y }));
  }, [hover]);
  if (!hover || hover.index >= model.nComposites) return null;
  const k = hover.index;
  const label = model.table.label(k);
  const tokens = model.tokens[k] ?? [];
  return (
    <div
      ref={ref}
      className="atlas-hover-card"
      role="tooltip"
      data-testid="atlas-hover"
      style={{
        left: flip.x ? undefined : hover.xPx + OFFSET_PX,
        right: flip.x ? `calc(100% - ${hover.xPx - OFFSET_PX}px)` : undefined,
        top: flip.y ? undefined : hover.yPx + OFFSET_PX,
        bottom: flip.y ? `calc(100% - ${hover.yPx - OFFSET_PX}px)` : undefined,
      }}
    >
      <div className="atlas-hover-head">
        <strong>#{k}</strong> <LabelText text={label.text} automatic={label.automatic} />
      </div>
      <table className="kv">
        <tbody>
          {STAT_NAMES.map((s) => (
            <tr key={s}>
              <th scope="row">
                <StatLabel stat={s} />
              </th>
              <td>{model.formats[s](model.stats[s][k] ?? NaN)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokens.length > 0 && (
        <div className="atlas-hover-tokens">
          <span className="muted">fires on </span>
          {tokens.slice(0, TOKENS_SHOWN).map((t, i) => (
            <code key={i}>
              <TokenText text={t} maxChars={TOKEN_CHARS} />
            </code>
          ))}
        </div>
      )}
      <div className="muted hint">Click to open</div>
    </div>
  );
}
