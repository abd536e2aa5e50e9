// The only owner of the known cycles a ring's angular order is compared with (the shape panel's
// "as in calendar order"): lowercase token lists in their natural order.

export const MONTHS: readonly string[] = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export const WEEKDAYS: readonly string[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** Known cycles a found angular order is compared with. */
export const KNOWN_CYCLES: readonly { name: string; tokens: readonly string[] }[] = [
  { name: 'calendar order', tokens: MONTHS },
  { name: 'weekday order', tokens: WEEKDAYS },
];
