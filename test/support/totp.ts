// Authenticator app codes in tests: made with the same library a phone's app would match.
import assert from "node:assert/strict";
import { Secret, TOTP } from "otpauth";
import type { Visitor } from "./visitor.ts";

/** The 6-digit code an authenticator app shows at `at` (milliseconds) for this base32 secret. */
export function codeAt(secret: string, at: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });
}

/** The secret key the set-up page shows for typing in, without its spaces. */
export function secretKeyIn(html: string): string {
  const key = /data-qa="secret-key">([A-Z2-7 ]+)</.exec(html)?.[1];
  assert.ok(key, "the page shows no secret key");
  return key.replaceAll(" ", "");
}

/**
 * Sets up an authenticator app for the signed-in visitor through the account pages, confirming
 * with the code of `at`; returns the secret.
 */
export async function setUpAuthenticator(visitor: Visitor, at: number): Promise<string> {
  const page = await visitor.get("/account/authenticator-app");
  assert.equal(page.statusCode, 200, "the set-up page");
  const secret = secretKeyIn(page.body);
  const confirmed = await visitor.post("/account/authenticator-app", { code: codeAt(secret, at) });
  assert.equal(confirmed.statusCode, 303, confirmed.body);
  assert.equal(confirmed.headers.location, "/account?changed=authenticator-on");
  return secret;
}

/** Code fields no one should type: what each is called, the fields sent, and the error shown. */
export const ODD_CODES: readonly [string, Record<string, string | string[]>, string][] = [
  ["nothing", { code: "" }, "Enter the code from your authenticator app"],
  ["no field at all", {}, "Enter the code from your authenticator app"],
  ["letters", { code: "abcdef" }, "The code must be 6 numbers, like 123456"],
  ["too few digits", { code: "12345" }, "The code must be 6 numbers, like 123456"],
  ["too many digits", { code: "1234567" }, "The code must be 6 numbers, like 123456"],
  ["a script", { code: "<script>alert(1)</script>" }, "The code must be 6 numbers, like 123456"],
  ["SQL", { code: "' OR 1=1 --" }, "The code must be 6 numbers, like 123456"],
  [
    "10 KB",
    { code: "1".repeat(10 * 1024) },
    "The code from your authenticator app must be 50 characters or fewer",
  ],
  ["sent twice", { code: ["123456", "654321"] }, "Enter the code from your authenticator app once"],
];
