// Plain calendar dates ("YYYY-MM-DD") with no time or zone. Arithmetic runs on UTC midnights,
// where every day is exactly 24 hours long, so clock changes cannot shift a date.

/** A local date in Europe/London, written "YYYY-MM-DD". */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

// Deadline arithmetic steps day by day over the same few thousand dates, so each conversion is
// remembered: a pure cache, bounded by the number of distinct dates ever seen.
const msByDate = new Map<IsoDate, number>();
const dateByMs = new Map<number, IsoDate>();

function toUtcMs(date: IsoDate): number {
  const known = msByDate.get(date);
  if (known !== undefined) return known;
  const match = ISO_DATE.exec(date);
  if (match) {
    const [, year, month, day] = match.map(Number) as [number, number, number, number];
    const ms = Date.UTC(year, month - 1, day);
    // Date.UTC rolls 31 February over into March; a round trip catches that.
    if (fromUtcMs(ms) === date) {
      msByDate.set(date, ms);
      return ms;
    }
  }
  throw new RangeError(`"${date}" is not a calendar date in the form YYYY-MM-DD`);
}

function fromUtcMs(ms: number): IsoDate {
  let date = dateByMs.get(ms);
  if (date === undefined) {
    date = new Date(ms).toISOString().slice(0, 10);
    dateByMs.set(ms, date);
  }
  return date;
}

/** Throws a RangeError unless `date` is a real date written "YYYY-MM-DD". */
export function assertIsoDate(date: IsoDate): IsoDate {
  toUtcMs(date);
  return date;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return assertIsoDate(
    `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
  );
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: IsoDate): number {
  const sundayIsZero = new Date(toUtcMs(date)).getUTCDay();
  return sundayIsZero === 0 ? 7 : sundayIsZero;
}

export function isWeekend(date: IsoDate): boolean {
  return weekday(date) >= 6;
}

export function yearOf(date: IsoDate): number {
  return Number(assertIsoDate(date).slice(0, 4));
}

/** True when `text` is a real date written "YYYY-MM-DD". */
export function isIsoDate(text: unknown): text is IsoDate {
  try {
    assertIsoDate(text as string);
    return true;
  } catch {
    return false;
  }
}
