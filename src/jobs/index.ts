// Every background job: run inside each server unless RESOLVE_JOBS=false, and by
// `resolve worker`. To add a job, add a line (see Job in runner.ts for what it must promise).
import { removeExpired } from "../db/housekeeping.ts";
import { dispatch } from "./dispatcher.ts";
import { promptFollowUps } from "./follow-up.ts";
import { runRetention } from "./retention.ts";
import type { Job } from "./runner.ts";
import { scanDeadlines } from "./scanner.ts";

export const jobs: readonly Job[] = [
  {
    name: "send emails",
    everyMs: 10_000,
    run: (services, now, context) => dispatch(services, now, context),
  },
  {
    name: "scan deadlines for reminders, alerts and digests",
    everyMs: 60_000,
    run: (services, now, context) => scanDeadlines(services, now, context.signal),
  },
  {
    name: "ask whether the actions agreed at a resolution happened",
    everyMs: 5 * 60_000,
    run: (services, now, context) => promptFollowUps(services, now, context.signal),
  },
  {
    name: "remove expired sign-in records",
    everyMs: 60 * 60_000,
    run: (services, now) => removeExpired(services.db, now),
  },
  {
    name: "remove personal details after the retention period",
    everyMs: 24 * 60 * 60_000,
    run: (services, now, context) => runRetention(services, now, context),
  },
];
