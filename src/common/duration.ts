/** Durations as users write them in workflow inputs: `90s`, `5m`, `1h30m`, `500ms`, `1.5h`, or plain seconds. */

const MILLISECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
};

/** Units in the order a compound duration must list them (`1h30m`, not `30m1h`). */
const UNIT_ORDER = ['h', 'm', 's', 'ms'];

const PLAIN_SECONDS = /^\d+(?:\.\d+)?$/;
const PART = /(\d+(?:\.\d+)?)\s*(ms|h|m|s)\s*/y;

/**
 * Parses a duration into whole milliseconds (rounded), or undefined when the text is not one.
 * Zero is returned as 0; range checks are the caller's.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (PLAIN_SECONDS.test(trimmed)) return Math.round(Number(trimmed) * 1000);

  let total = 0;
  let lastUnitIndex = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const match = PART.exec(trimmed);
    if (match === null) return undefined;
    const [, amount = '', unit = ''] = match;
    const unitIndex = UNIT_ORDER.indexOf(unit);
    // Each unit once, largest first, so `1m1m` or `30s1h` are typos rather than sums.
    if (unitIndex <= lastUnitIndex) return undefined;
    lastUnitIndex = unitIndex;
    total += Number(amount) * (MILLISECONDS_PER_UNIT[unit] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** The shortest compound form of a duration, for messages: 90000 → `1m30s`, 500 → `500ms`, 0 → `0s`. */
export function formatDuration(milliseconds: number): string {
  let rest = Math.max(0, Math.round(milliseconds));
  if (rest === 0) return '0s';
  let text = '';
  for (const unit of UNIT_ORDER) {
    const size = MILLISECONDS_PER_UNIT[unit] ?? 1;
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
