// The partnership's retention rule: a closed escalation is kept whole for a number of calendar
// months after the day it closed, then its personal details are removed (see personal.ts). What
// the figures need (stages, dates, agencies, category, status, deadlines) stays for good.
import type { Calendar } from "../calendar/index.ts";
import type { Actor, EscalationEvent, EscalationState, Rejection } from "./types.ts";

/** Resolve itself, acting under a rule rather than for a person (it takes part in nothing). */
export const SERVICE_ACTOR: Actor = { personId: "resolve", agencyId: "", roles: [] };

/** A date `months` calendar months before `date`; the 31st falls back to the month's last day. */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  const lastDay = new Date(Date.UTC(target.year, target.month, 0)).getUTCDate();
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(target.year, 4)}-${pad(target.month, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}

/**
 * The instant before which an escalation must have closed for its retention period to be over
 * at `now`: the start of the day, in the partnership's calendar, `months` calendar months before
 * today. Closed on 14 March 2024 with 12 months' retention: kept until 14 March 2025 ends.
 */
export function retentionCutoff(now: string, months: number, calendar: Calendar): string {
  return calendar.dayStart(monthsBefore(calendar.localDate(now), months));
}

export interface RetentionRule {
  /** The current instant. */
  now: string;
  retentionMonths: number;
  calendar: Calendar;
  /** The store's seals for events recorded before personal details were kept apart. */
  sealed: readonly { version: number; digest: string }[];
}

/**
 * Whether the retention rule removes an escalation's personal details now: the event that says so,
 * or why not (still running, within its retention period, already done).
 */
export function anonymisation(
  state: EscalationState,
  rule: RetentionRule,
): { ok: true; event: EscalationEvent } | { ok: false; rejection: Rejection } {
  if (state.anonymised !== null) {
    return {
      ok: false,
      rejection: { code: "anonymised", reason: "Its personal details were already removed." },
    };
  }
  if (
    state.status === "open" ||
    state.status === "resolution-proposed" ||
    state.closedAt === null
  ) {
    return {
      ok: false,
      rejection: { code: "running", reason: "It has not closed: nothing is removed from it." },
    };
  }
  const cutoff = retentionCutoff(rule.now, rule.retentionMonths, rule.calendar);
  if (Date.parse(state.closedAt) >= Date.parse(cutoff)) {
    return {
      ok: false,
      rejection: { code: "kept", reason: "It is still within the retention period." },
    };
  }
  return {
    ok: true,
    event: {
      at: rule.now,
      actor: SERVICE_ACTOR,
      data: {
        type: "escalation-anonymised",
        closedAt: state.closedAt,
        retentionMonths: rule.retentionMonths,
        sealed: rule.sealed,
      },
    },
  };
}
