// The calendar's public face: nation calendars, working-day arithmetic and deadline explanations.

export type { BankHoliday, Calendar, CalendarOptions } from "./calendar.ts";
export { createCalendar } from "./calendar.ts";
export type { ComputedDeadline, DeadlineRule } from "./deadline.ts";
export { computeDeadline } from "./deadline.ts";
export { formatDate, formatInstant, formatMonth } from "./format.ts";
export { holidaysByRule } from "./holidays-by-rule.ts";
export { isInstant } from "./instant.ts";
export type { IsoDate } from "./iso-date.ts";
export { isIsoDate } from "./iso-date.ts";
export type { Nation } from "./nation.ts";
export { NATIONS } from "./nation.ts";
export type { OfficialHolidays } from "./official-holidays.ts";
