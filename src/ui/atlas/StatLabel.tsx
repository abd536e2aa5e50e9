// A statistic's name with its definition (STAT_DEFINITIONS) as a tooltip and accessible
// description: used by the list's headers, the legend, the hover card and the colour menu.
import { STAT_DEFINITIONS, type StatName } from '../../core/stats';

/** "label: formula — text", the one-line definition of a statistic. */
export function statDefinition(stat: StatName): string {
  const d = STAT_DEFINITIONS[stat];
  return `${d.label}: ${d.formula} — ${d.text}`;
}

export function StatLabel({ stat }: { stat: StatName }) {
  return (
    <abbr className="atlas-stat-label" title={statDefinition(stat)}>
      {STAT_DEFINITIONS[stat].label}
    </abbr>
  );
}
