// `resolve worker`: the background jobs in a process of their own, for deployments that run
// their servers with RESOLVE_JOBS=false. Any number of workers and servers may run side by side.
import pino from "pino";
import type { Services } from "../app/services.ts";
import { jobs } from "../jobs/index.ts";
import { startJobs } from "../jobs/runner.ts";
import { emailStatus } from "../notify/sender.ts";

/**
 * Runs the jobs until SIGTERM or SIGINT, then lets the passes under way finish. A second signal
 * while they finish ends the process at once.
 */
export async function runWorker(services: Services, out: (text: string) => void): Promise<number> {
  out(emailStatus(services.sender));
  const runner = startJobs(services, jobs, pino({ name: "resolve-worker" }));
  out(`Worker: ${jobs.map((job) => job.name).join(", ")}, until SIGTERM or SIGINT`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve(received);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  out(`${signal}: finishing the passes under way`);
  await runner.stop();
  out("Worker stopped");
  return 0;
}
