import type { Calendar } from "../engine/calendar/index.ts";

/** Where a deadline stands now, for a tag: overdue, due today, or working days left. */
export interface DeadlineStatus {
  dueAt: string | null;
  overdue: boolean;
  dueToday: boolean;
  /** Working days from today to the due date (0 when due today); null without a deadline. */
  workingDaysLeft: number | null;
}

export function deadlineStatus(
  dueAt: string | null,
  now: string,
  calendar: Calendar,
): DeadlineStatus {
  if (dueAt === null) return { dueAt, overdue: false, dueToday: false, workingDaysLeft: null };
  const due = new Date(dueAt).toISOString();
  if (Date.parse(due) < Date.parse(now)) {
    return { dueAt: due, overdue: true, dueToday: false, workingDaysLeft: 0 };
  }
  const today = calendar.localDate(new Date(now).toISOString());
  const dueDate = calendar.localDate(due);
  // The working days after today, up to and including the due date.
  let left = 0;
  for (let day = today; day < dueDate; day = calendar.nextWorkingDay(day)) left++;
  return { dueAt: due, overdue: false, dueToday: today === dueDate, workingDaysLeft: left };
}
