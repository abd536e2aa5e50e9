// The latent view's header: the composite's id and label (editable; automatic labels marked),
// previous/next and back-to-atlas buttons, and its statistics, each with its definition as a
// formula (core/stats STAT_DEFINITIONS) in a tooltip that escapes the column (ui/Tooltip).
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Analysis } from '../../core/analysis';
import { statFormatters, statValues } from '../../core/atlas/atlasTable';
import { ariaKeys, shortcutTitle } from '../../core/shortcuts';
import { STAT_DEFINITIONS, type StatName } from '../../core/stats';
import { useAtlasStore } from '../../state/atlasStore';
import { labelOf, useLabelStore } from '../../state/labelStore';
import { TipAnchor } from '../Tooltip';

export interface LatentHeaderProps {
  composite: number;
  analysis: Analysis;
  /** Share of Σ|λ| on the plotted axes, when they are not the top three (else null). */
  plottedShare: number | null;
  onPrev: (() => void) | null;
  onNext: (() => void) | null;
  onBack: () => void;
}

export function LatentHeader(props: LatentHeaderProps) {
  const { composite: k, analysis: a } = props;
  // The atlas list's formatters: a statistic reads here as it does in the list.
  const circularity = useAtlasStore((s) => s.circularity);
  const values = useMemo(() => statValues(a, circularity), [a, circularity]);
  const format = useMemo(() => statFormatters(values), [values]);
  const show = (stat: StatName) => format[stat](values[stat][k] ?? NaN);
  const stats: { name: StatName; value: string; note?: string }[] = [
    { name: 'density', value: show('density') },
    { name: 'rank', value: show('rank') },
    { name: 'importance', value: show('importance') },
    {
      name: 'support',
      value: show('support'),
      note:
        a.supportKind === 'participation'
          ? 'effective count'
          : a.supportKind === 'one'
            ? 'no down'
            : undefined,
    },
    {
      name: 'captured',
      value: show('captured'),
      note:
        props.plottedShare === null
          ? undefined
          : `plotted axes: ${format.captured(props.plottedShare)}`,
    },
    { name: 'circularity', value: show('circularity') },
  ];
  return (
    <header className="latent-header">
      <div className="latent-nav">
        <button
          type="button"
          onClick={props.onBack}
          title={shortcutTitle('back')}
          aria-keyshortcuts={ariaKeys('back')}
        >
          ← Atlas
        </button>
        <button
          type="button"
          onClick={props.onPrev ?? undefined}
          disabled={!props.onPrev}
          aria-label="Previous composite"
          title={shortcutTitle('prev')}
          aria-keyshortcuts={ariaKeys('prev')}
        >
          ‹
        </button>
        <button
          type="button"
          onClick={props.onNext ?? undefined}
          disabled={!props.onNext}
          aria-label="Next composite"
          title={shortcutTitle('next')}
          aria-keyshortcuts={ariaKeys('next')}
        >
          ›
        </button>
        <h2 className="latent-id" data-testid="latent-id">
          Composite {k}
        </h2>
      </div>
      <LabelField composite={k} />
      <dl className="latent-stats" data-testid="latent-stats">
        {stats.map((s) => {
          const def = STAT_DEFINITIONS[s.name];
          return (
            <TipAnchor
              key={s.name}
              className="latent-stat"
              tipId={`stat-tip-${s.name}`}
              tipClass="stat-tip"
              data-testid={`stat-${s.name}`}
              tip={
                <>
                  <code>
                    {def.label} = {def.formula}
                  </code>
                  <span>{def.text}</span>
                </>
              }
            >
              <dt>{def.label}</dt>
              <dd>{s.value}</dd>
              {s.note && <dd className="muted stat-note">{s.note}</dd>}
            </TipAnchor>
          );
        })}
      </dl>
    </header>
  );
}

/** The label: shows the user's label or the automatic one (marked); Enter or blur saves. */
function LabelField({ composite }: { composite: number }) {
  const { text, automatic } = useLabelStore(useShallow((s) => labelOf(s, composite)));
  const setLabel = useLabelStore((s) => s.setLabel);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft.trim() !== (automatic ? '' : text)) setLabel(composite, draft);
    setDraft(null);
  };
  return (
    <div className="latent-label">
      <input
        type="text"
        aria-label={`Label of composite ${composite}`}
        data-testid="latent-label"
        className={automatic && draft === null ? 'automatic' : undefined}
        value={draft ?? text}
        placeholder="Add a label"
        maxLength={200}
        onFocus={() => setDraft(automatic ? '' : text)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') {
            setDraft(null);
            e.stopPropagation();
            requestAnimationFrame(() => (document.activeElement as HTMLElement | null)?.blur());
          }
        }}
      />
      {automatic && draft === null && text !== '' && (
        <span
          className="badge"
          title="Automatic label: the most frequent firing tokens among the top rows"
        >
          auto
        </span>
      )}
    </div>
  );
}
