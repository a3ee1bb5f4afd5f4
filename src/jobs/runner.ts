// Runs the background jobs over and over: inside each server (unless RESOLVE_JOBS=false) and in
// `resolve worker`. Nothing here knows what a job does; two instances running the same jobs at
// once is safe because each job's own SQL makes it so (claims with FOR UPDATE SKIP LOCKED,
// unique keys), so the runner takes no lock of its own.
import type { Services } from "../app/services.ts";

/** Where jobs report: a pino logger (fastify's `app.log`) or anything with these three. */
export interface Log {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface JobContext {
  log: Log;
  /** Aborted when the runner stops: finish what is in hand, start nothing new, and return. */
  signal: AbortSignal;
}

/** Something done over and over in the background. */
export interface Job {
  /** Names it in the log. */
  name: string;
  /** How long after one pass ends the next begins, in milliseconds. */
  everyMs: number;
  /**
   * One pass, at `now` by the services' clock. Another instance may be running the same job at
   * the same moment: the job's own queries must make that safe.
   */
  run(services: Services, now: string, context: JobContext): Promise<unknown>;
}

export interface Runner {
  /** Stops starting passes, waits for those under way to finish, and leaves no timer behind. */
  stop(): Promise<void>;
}

/** Starts each job at once, then again `everyMs` after each pass ends, until stopped. */
export function startJobs(services: Services, jobs: readonly Job[], log: Log): Runner {
  const stopping = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const passes = new Set<Promise<void>>();

  const pass = async (job: Job): Promise<void> => {
    try {
      await job.run(services, services.now(), { log, signal: stopping.signal });
    } catch (error) {
      log.error(
        { err: error, job: job.name },
        `The job "${job.name}" failed; it runs again in ${job.everyMs / 1000} seconds`,
      );
    }
  };
  const schedule = (job: Job, delayMs: number): void => {
    if (stopping.signal.aborted) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const running = pass(job).then(() => {
        passes.delete(running);
        schedule(job, job.everyMs);
      });
      passes.add(running);
    }, delayMs);
    timers.add(timer);
  };

  for (const job of jobs) schedule(job, 0);
  return {
    stop: async () => {
      stopping.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(passes);
    },
  };
}
