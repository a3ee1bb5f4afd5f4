// The outbox dispatcher. Messages are written in the same transaction as whatever causes them
// (src/db/messages.ts); this sends the emails among them, whichever instance gets there first.
//
// A pass claims a batch of due emails in one short statement (FOR UPDATE SKIP LOCKED: instances
// never wait for each other and never take the same row), marking them 'sending' until a lease
// runs out, and counting an attempt. Then it sends them one by one, recording each outcome as
// soon as it is known, and only while its claim still holds (every write names the lease). A
// failure is tried again later, each wait about twice the last, with jitter so a crowd of
// failures does not come back at once; after `maxAttempts`, or at once when the provider refuses
// the email itself, the message is 'failed': logged at error level and shown to administrators.
//
// An instance that stops mid-batch (crash, kill, lost connection) leaves its claims behind; when
// their lease runs out any instance claims them again, so nothing is lost. Nothing is sent twice
// either, but for one window no outbox can close: the provider has taken an email and the
// instance stops before recording it. Claimed again, that email would go a second time. Two
// things narrow it: the outcome is recorded the moment the provider answers, one message at a
// time; and every email carries the message id as its reference, so before trying again an
// email that may have reached the provider (an earlier attempt ended without an answer), a
// provider that can look emails up by reference (GOV.UK Notify) is asked first, and the email
// is recorded as sent without sending it again. SMTP cannot be asked; its copies carry the same
// Message-ID, so mail systems can see that they are one message.
//
// The lease outlasts any send: a send gets `sendTimeoutMs`, and no send starts unless that much
// of the lease is left (the rest of the batch is given back instead), so an instance never sends
// an email another instance may have claimed again.
import type { Services } from "../app/services.ts";
import {
  type ClaimedEmail,
  claimDue,
  recordFailure,
  recordSent,
  releaseClaims,
} from "../db/outbox.ts";
import { type Email, SendError, type Sender, type Sent } from "../notify/sender.ts";
import type { JobContext } from "./runner.ts";

export interface DispatchLimits {
  /** Emails one claim takes. */
  batchSize: number;
  /** How long a claim holds, in milliseconds. */
  leaseMs: number;
  /** How long one send (or lookup) may take before it counts as failed, in milliseconds. */
  sendTimeoutMs: number;
  /** Attempts before an email is given up on. */
  maxAttempts: number;
  /** The wait after the first failed attempt, in milliseconds; each later wait doubles. */
  firstRetryMs: number;
}

/**
 * With these, an email that keeps failing is tried 8 times over about 4 hours (waits of 2, 4,
 * 8 … 128 minutes, give or take a fifth) before it is given up on.
 */
export const DISPATCH_LIMITS: DispatchLimits = {
  batchSize: 50,
  leaseMs: 5 * 60_000,
  sendTimeoutMs: 30_000,
  maxAttempts: 8,
  firstRetryMs: 2 * 60_000,
};

export interface DispatchOptions extends Partial<DispatchLimits> {
  /** A number from 0 to 1 for the jitter (default Math.random). */
  random?: () => number;
}

/** What one pass did. */
export interface Dispatched {
  sent: number;
  /** Left to be tried again. */
  retrying: number;
  /** Given up on. */
  failed: number;
}

type DispatchServices = Pick<Services, "db" | "sender" | "now"> & {
  config: Pick<Services["config"], "publicUrl">;
};

/** What every attempt in a pass works with. */
interface Pass {
  services: DispatchServices;
  sender: Sender;
  limits: DispatchLimits;
  random: () => number;
  log: JobContext["log"];
}

/**
 * One pass: sends every email due at `now`, a batch at a time, until none is left or the runner
 * stops. Does nothing when there is no sender: the messages stay in the outbox.
 */
export async function dispatch(
  services: DispatchServices,
  now: string,
  context: JobContext,
  options: DispatchOptions = {},
): Promise<Dispatched> {
  const { random = Math.random, ...given } = options;
  const limits = { ...DISPATCH_LIMITS, ...given };
  const done: Dispatched = { sent: 0, retrying: 0, failed: 0 };
  const { sender } = services;
  if (sender === null) return done;
  const pass: Pass = { services, sender, limits, random, log: context.log };
  let claimAt = now;
  for (;;) {
    const leaseUntil = later(claimAt, limits.leaseMs);
    const batch = await claimDue(services.db, claimAt, leaseUntil, limits.batchSize);
    for (const [index, message] of batch.entries()) {
      if (Date.parse(services.now()) + limits.sendTimeoutMs > Date.parse(leaseUntil)) {
        const rest = batch.slice(index).map((unsent) => unsent.id);
        await releaseClaims(services.db, rest, leaseUntil);
        context.log.warn(
          { unsent: rest.length },
          "Sending took so long that the claim on the rest of the batch was given back",
        );
        return done;
      }
      done[await attempt(pass, message, leaseUntil)] += 1;
    }
    if (batch.length < limits.batchSize || context.signal.aborted) return done;
    claimAt = services.now();
  }
}

/** Sends one claimed email and records what became of it. */
async function attempt(
  { services, sender, limits, random, log }: Pass,
  message: ClaimedEmail,
  leaseUntil: string,
): Promise<keyof Dispatched> {
  const email: Email = {
    to: message.email,
    subject: message.subject,
    body: message.body,
    link: message.link === null ? null : `${services.config.publicUrl}${message.link}`,
    kind: message.kind,
    reference: message.id,
  };
  // An earlier attempt that failed, or never came back, may yet have reached the provider.
  const mayHaveReached = message.attempts > 1 || message.lastError !== null;
  let sent: Sent;
  try {
    const found =
      mayHaveReached && sender.findSent !== undefined
        ? await within(sender.findSent(message.id), limits.sendTimeoutMs)
        : null;
    sent = found ?? (await within(sender.send(email), limits.sendTimeoutMs));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const giveUp =
      (error instanceof SendError && error.permanent) || message.attempts >= limits.maxAttempts;
    const retryAt = giveUp
      ? null
      : later(services.now(), retryDelayMs(message.attempts, random(), limits.firstRetryMs));
    if (!(await recordFailure(services.db, message.id, leaseUntil, reason, retryAt))) {
      lostClaim(log, message);
      return "retrying"; // by whoever holds it now
    }
    const details = { messageId: message.id, kind: message.kind, attempts: message.attempts };
    if (retryAt === null) {
      log.error(
        { ...details, reason },
        `${sender.name} did not take an email after ${message.attempts} attempt(s): it is given up on, and shows as failed in its partnership's outbox`,
      );
      return "failed";
    }
    log.warn(
      { ...details, reason, retryAt },
      `${sender.name} did not take an email: it will be tried again`,
    );
    return "retrying";
  }
  if (
    !(await recordSent(services.db, message.id, leaseUntil, services.now(), sent.providerReference))
  ) {
    lostClaim(log, message);
  }
  return "sent";
}

function lostClaim(log: Pass["log"], message: ClaimedEmail): void {
  log.warn(
    { messageId: message.id },
    "An email's claim ran out before its outcome was recorded: another instance may send it again",
  );
}

/**
 * The wait before trying again after `attempts` failed attempts: `firstMs`, doubled for each
 * attempt after the first, then stretched or shrunk by up to a fifth by `random` (0 to 1).
 */
export function retryDelayMs(attempts: number, random: number, firstMs: number): number {
  return Math.round(firstMs * 2 ** (attempts - 1) * (0.8 + 0.4 * random));
}

function later(instant: string, ms: number): string {
  return new Date(Date.parse(instant) + ms).toISOString();
}

/** The promise's outcome, or a failure if it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms / 1000} seconds`)), ms);
    // A send that never answers must not keep the process alive once everything else is done.
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
