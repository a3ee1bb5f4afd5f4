import { parseInstant } from "./instant.ts";
import { type IsoDate, weekday } from "./iso-date.ts";

// Names and digits are written out here rather than taken from Intl, whose output depends on the
// machine's locale and ICU version (en-GB has abbreviated September as both "Sep" and "Sept").

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** "2025-05-27" → "Tue 27 May 2025". */
export function formatDate(date: IsoDate): string {
  const day = WEEKDAYS[weekday(date) - 1];
  const [year, month, dayOfMonth] = date.split("-").map(Number) as [number, number, number];
  return `${day} ${dayOfMonth} ${MONTHS[month - 1]} ${year}`;
}

/** "2025-05" (or a date in it) → "May 2025". */
export function formatMonth(month: string): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return `${MONTHS[number - 1]} ${year}`;
}

/** "2024-10-22T13:30:00Z" → "14:30 Tue 22 Oct 2024", the wall-clock time in Europe/London. */
export function formatInstant(instant: string): string {
  const local = parseInstant(instant);
  return `${twoDigits(local.hour)}:${twoDigits(local.minute)} ${formatDate(local.toISODate())}`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, "0");
}
