import type { Calendar } from "./calendar.ts";
import { formatDate } from "./format.ts";
import type { IsoDate } from "./iso-date.ts";

// Wording shared by the deadline explanations, written for the practitioner reading the record.

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "Tue 27 May 2025", or "17:00 Tue 27 May 2025" when the partnership closes at 17:00. */
export function dueLabel(calendar: Calendar, date: IsoDate): string {
  return calendar.closeOfBusiness === null
    ? formatDate(date)
    : `${calendar.closeOfBusiness} ${formatDate(date)}`;
}

/** The same due time for sentences that stress the whole day: "end of Fri 23 May 2025". */
export function dueEndLabel(calendar: Calendar, date: IsoDate): string {
  return calendar.closeOfBusiness === null
    ? `end of ${formatDate(date)}`
    : dueLabel(calendar, date);
}

/**
 * "; Wed 25 Dec 2024 bank holiday (Christmas Day) and Thu 26 Dec 2024 bank holiday (Boxing Day)
 * excluded", or "" when nothing was skipped.
 */
export function exclusionClause(
  calendar: Calendar,
  excluded: readonly { date: IsoDate; title: string }[],
): string {
  if (excluded.length === 0) return "";
  const items = excluded.map(({ date, title }) => {
    const kind =
      calendar.holiday(date)?.source === "added" ? "added non-working day" : "bank holiday";
    return `${formatDate(date)} ${kind} (${withoutInnerBrackets(title)})`;
  });
  return `; ${joinWithAnd(items)} excluded`;
}

function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

// Titles such as "Boxing Day (substitute day)" already hold brackets; inside our own brackets
// they read better as "Boxing Day, substitute day".
function withoutInnerBrackets(title: string): string {
  return title.replace(/\s*\(([^()]*)\)/g, ", $1");
}
