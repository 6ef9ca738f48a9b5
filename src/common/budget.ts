/**
 * Text GitHub limits in size (the job summary, the pull-request comment, the `files` output) is rendered against a
 * budget here, by one function: every row in order while they all fit; past the budget, the problems first, then
 * as many of the rest as fit, and a count of what was left out (the report file holds everything).
 */

/** How a target counts its size: GitHub limits the summary and outputs in bytes, a comment in characters. */
export type Measure = (text: string) => number;

export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');
export const characters: Measure = (text) => text.length;

export interface Budget {
  /** The most the rows may take, separators included. */
  limit: number;
  measure: Measure;
}

export const UNLIMITED: Budget = { limit: Number.POSITIVE_INFINITY, measure: characters };

export interface FittedRows {
  rows: string[];
  /** Rows left out to stay within the budget. */
  omitted: number;
  /** True when the rows did not all fit, so problems were put first. */
  problemsFirst: boolean;
}

/**
 * Renders `items` as rows joined by a one-character separator (a line break, a comma) within `budget`. `isProblem`
 * marks the rows that must be seen first when not all fit (failures). Rendering stops as soon as the budget is
 * spent, so a run of 100,000 documents costs what fits, not what it has.
 */
export function fitRows<T>(
  items: readonly T[],
  render: (item: T) => string,
  isProblem: (item: T) => boolean,
  budget: Budget,
): FittedRows {
  const inOrder = take(items, render, budget);
  if (inOrder.rows.length === items.length) return { rows: inOrder.rows, omitted: 0, problemsFirst: false };
  const problems = items.filter(isProblem);
  const rest = problems.length === 0 ? items : items.filter((item) => !isProblem(item));
  const first = take(problems, render, budget);
  const rows =
    first.rows.length === problems.length
      ? [...first.rows, ...take(rest, render, { ...budget, limit: budget.limit - first.used }).rows]
      : first.rows;
  return { rows, omitted: items.length - rows.length, problemsFirst: true };
}

function take<T>(
  items: readonly T[],
  render: (item: T) => string,
  budget: Budget,
): { rows: string[]; used: number } {
  const rows: string[] = [];
  let used = 0;
  for (const item of items) {
    const row = render(item);
    const cost = budget.measure(row) + 1;
    if (used + cost > budget.limit) break;
    rows.push(row);
    used += cost;
  }
  return { rows, used };
}
