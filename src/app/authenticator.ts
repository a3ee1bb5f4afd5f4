import { Secret, TOTP } from "otpauth";
import type { Executor } from "../db/client.ts";
import {
  confirmTotpSecret,
  findLocalAccount,
  setPendingTotpSecret,
  useTotpStep,
} from "../db/local-accounts.ts";

// An authenticator app as a second factor: time-based one-time codes (RFC 6238), 6 digits every
// 30 seconds, as every common app makes them. otpauth does the cryptography.

const ISSUER = "Resolve";

function totp(secret: string, label = ""): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * The time step a code was made for, if it is the code of this step or the one either side (a
 * phone's clock a little out), else null. otpauth compares codes in constant time.
 */
export function totpStep(secret: string, code: string, now: Date): number | null {
  const generator = totp(secret);
  const timestamp = now.getTime();
  const delta = generator.validate({ token: code, timestamp, window: 1 });
  return delta === null ? null : generator.counter({ timestamp }) + delta;
}

/** The otpauth:// address a QR code carries to the app, naming Resolve and the person's email. */
export function totpSetupUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/**
 * The secret to show while setting up: the one shown before if it has not been confirmed yet
 * (so reloading the page does not undo a scan), else a new one of 160 bits (RFC 4226).
 */
export async function startTotpSetup(db: Executor, personId: string): Promise<string> {
  const account = await findLocalAccount(db, personId);
  if (account?.totpPendingSecret) return account.totpPendingSecret;
  const secret = new Secret({ size: 20 }).base32;
  await setPendingTotpSecret(db, personId, secret);
  return secret;
}

/** Turns the app on if the code is right for the secret being set up. */
export async function confirmTotpSetup(
  db: Executor,
  personId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const secret = (await findLocalAccount(db, personId))?.totpPendingSecret;
  if (!secret) return false;
  const step = totpStep(secret, code, now);
  return step !== null && confirmTotpSecret(db, personId, secret, step);
}

/** True if the code is right for the person's app and no code of its time step or later was used. */
export async function acceptTotpCode(
  db: Executor,
  personId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const secret = (await findLocalAccount(db, personId))?.totpSecret;
  if (!secret) return false;
  const step = totpStep(secret, code, now);
  return step !== null && useTotpStep(db, personId, secret, step);
}
