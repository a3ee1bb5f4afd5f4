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
