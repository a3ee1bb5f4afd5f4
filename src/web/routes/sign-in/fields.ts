// What the sign-in pages and the account pages share: the authenticator app's code field, the
// message for a locked address, and the cookie of a sign-in waiting for its code.
import type { FormReader } from "../../forms/index.ts";

/** Holds the token of a sign-in whose password was right and whose code is still to come. */
export const CHALLENGE_COOKIE = "resolve_sign_in";

/** How long someone has, after their password, to enter their code. */
export const CHALLENGE_MINUTES = 10;

/** Reads the code field: 6 digits, as apps show them, with any spaces or dashes typed left out. */
export function readCode(form: FormReader): string {
  const code = form.text("code", "the code from your authenticator app", { max: 50 });
  if (!form.ok) return "";
  const digits = code.replace(/[\s-]/g, "");
  if (!/^\d{6}$/.test(digits)) {
    form.add("code", "The code must be 6 numbers, like 123456");
    return "";
  }
  return digits;
}

export const WRONG_CODE = "The code is not right. Enter the code your authenticator app shows now";

/** Says an address is locked, and for how long, the same whether anyone has it or not. */
export function lockedMessage(until: string, now: Date): string {
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000));
  return `There have been too many attempts to sign in. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"}, then try again`;
}
