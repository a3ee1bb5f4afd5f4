import { DateTime } from "luxon";

// Every instant the engine reads must carry its own offset: a bare local time would silently
// take the zone of whichever machine runs the code.

export const LONDON = "Europe/London";

const HAS_DATE_AND_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Parses an ISO 8601 instant with an offset or Z and views it in Europe/London. */
export function parseInstant(instant: string): DateTime<true> {
  if (typeof instant === "string" && HAS_DATE_AND_TIME.test(instant) && HAS_OFFSET.test(instant)) {
    const parsed = DateTime.fromISO(instant, { zone: LONDON });
    if (parsed.isValid) return parsed;
  }
  throw new RangeError(
    `"${String(instant)}" is not an ISO 8601 instant with an offset or Z, such as "2025-05-22T09:30:00+01:00"`,
  );
}

/** ISO 8601 with the offset in force in the instant's zone, e.g. "2025-06-03T23:59:59.999+01:00". */
export function toIsoInstant(moment: DateTime): string {
  const iso = moment.toISO();
  if (iso === null)
    throw new RangeError(`cannot write an invalid time: ${moment.invalidExplanation}`);
  return iso;
}

/** True when `text` is an instant parseInstant accepts. */
export function isInstant(text: unknown): text is string {
  try {
    parseInstant(text as string);
    return true;
  } catch {
    return false;
  }
}

// Lists show the same few deadlines again and again; their London dates are remembered.
const localDates = new Map<string, string>();

/** The Europe/London date of an instant, e.g. "2025-06-06" for "2025-06-05T23:30:00Z". */
export function londonDate(instant: string): string {
  let date = localDates.get(instant);
  if (date === undefined) {
    date = parseInstant(instant).toISODate();
    if (localDates.size >= 50_000) localDates.clear();
    localDates.set(instant, date);
  }
  return date;
}
