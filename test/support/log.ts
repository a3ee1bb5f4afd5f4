// A log for the jobs that keeps what it is told, so a test can check what was said and how loud.
import type { Log } from "../../src/jobs/runner.ts";

export interface LogEntry {
  level: "info" | "warn" | "error";
  details: Record<string, unknown>;
  message: string;
}

export function recordingLog(): Log & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry["level"]) =>
    (details: Record<string, unknown>, message: string): void => {
      entries.push({ level, details, message });
    };
  return { entries, info: at("info"), warn: at("warn"), error: at("error") };
}
