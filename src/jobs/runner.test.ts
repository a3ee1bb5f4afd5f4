import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { recordingLog } from "../../test/support/log.ts";
import { testServices } from "../../test/support/services.ts";
import type { Services } from "../app/services.ts";
import { jobs } from "./index.ts";
import { type Job, startJobs } from "./runner.ts";

/** Timers this process holds now. */
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

/** Resolves once `check` holds, looking every few milliseconds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let tries = 0; !check(); tries += 1) {
    assert.ok(tries < 1000, `still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("the job runner", () => {
  let services: Services;
  before(async () => {
    services = await testServices({}, { now: () => "2026-11-23T09:00:00.000Z" });
  });
  after(() => services.database.close());

  test("runs each job at once and again after each pass, a failing one too, and stops leaving no timer behind", async () => {
    const log = recordingLog();
    const seen: string[] = [];
    let failures = 0;
    const counting: Job = {
      name: "count",
      everyMs: 5,
      run: async (given, now) => {
        assert.equal(given, services);
        seen.push(now);
      },
    };
    const failing: Job = {
      name: "fail",
      everyMs: 5,
      run: async () => {
        failures += 1;
        throw new Error("the database went away");
      },
    };
    const before = timers();
    const runner = startJobs(services, [counting, failing], log);
    await until(() => seen.length >= 3 && failures >= 3, "three passes of each");
    await runner.stop();
    assert.equal(timers(), before, "no timer left behind");
    assert.ok(
      seen.every((now) => now === "2026-11-23T09:00:00.000Z"),
      "the services' clock",
    );
    const errors = log.entries.filter((entry) => entry.level === "error");
    assert.equal(errors.length, failures, "every failure logged");
    assert.equal(errors[0]?.details.job, "fail");
    assert.match(errors[0]?.message ?? "", /"fail" failed; it runs again in 0.005 seconds/);

    const counted = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(seen.length, counted, "nothing runs once stopped");
  });

  test("stopping waits for the pass under way, which is told to finish up", async () => {
    let release = () => {};
    let started = false;
    let told = false;
    const slow: Job = {
      name: "slow",
      everyMs: 60_000,
      run: async (_services, _now, { signal }) => {
        started = true;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        told = signal.aborted;
      },
    };
    const runner = startJobs(services, [slow], recordingLog());
    await until(() => started, "the pass to start");
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(stopped, false, "still finishing its pass");
    release();
    await stopping;
    assert.equal(told, true, "the pass saw the runner stopping");
  });

  test("each job has a name of its own, for the log", () => {
    assert.ok(jobs.length > 0);
    assert.equal(new Set(jobs.map((job) => job.name)).size, jobs.length);
    assert.ok(jobs.every((job) => job.everyMs > 0));
  });
});
