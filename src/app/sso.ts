import * as oidc from "openid-client";
import type { Executor } from "../db/client.ts";
import { findPersonByEmail } from "../db/directory.ts";
import { randomToken } from "../db/sessions.ts";
import {
  findProvider,
  type SingleSignOnProvider,
  saveSignInAttempt,
  takeSignInAttempt,
} from "../db/single-sign-on.ts";

// Signing in through a partnership's OpenID Connect provider: the authorisation code flow with
// PKCE, state and nonce. The person is whoever in that partnership has the email address the
// provider vouches for.

/** How long someone has at their provider before the sign-in must start again. */
export const ATTEMPT_MINUTES = 10;
/** Discovery documents are fetched again after this long, so a provider's changes are seen. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;

export interface SignInDeps {
  db: Executor;
  /** The current instant, ISO 8601. */
  now: () => string;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * What is wrong with an issuer URL, or null if nothing is: it must be https, except on this
 * computer (http://localhost, for development and tests).
 */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return "not-url";
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return "not-url";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return "not-https";
}

interface Discovered {
  fetchedAt: number;
  metadata: Promise<oidc.ServerMetadata>;
  /** The provider's signing keys, kept between sign-ins. */
  jwks?: oidc.ExportedJWKSCache;
}

/** Discovery documents by issuer, fetched when first needed (never at start). */
const discovered = new Map<string, Discovered>();

function discover(issuer: URL, clientId: string, nowMs: number): Discovered {
  const cached = discovered.get(issuer.href);
  if (cached !== undefined && nowMs - cached.fetchedAt < DISCOVERY_TTL_MS) return cached;
  const options = issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : {};
  const entry: Discovered = {
    fetchedAt: nowMs,
    metadata: oidc
      .discovery(issuer, clientId, undefined, undefined, options)
      .then((config) => config.serverMetadata()),
  };
  // A provider that failed to answer is asked again next time, not remembered as failed.
  entry.metadata.catch(() => {
    if (discovered.get(issuer.href) === entry) discovered.delete(issuer.href);
  });
  discovered.set(issuer.href, entry);
  return entry;
}

/** The client's configuration at the provider, and the cache entry to keep its keys in. */
async function configurationFor(provider: SingleSignOnProvider, now: Date) {
  if (issuerProblem(provider.issuer) !== null) throw new Error("The issuer is not allowed");
  const issuer = new URL(provider.issuer);
  const entry = discover(issuer, provider.clientId, now.getTime());
  const config = new oidc.Configuration(
    await entry.metadata,
    provider.clientId,
    provider.clientSecret,
  );
  if (issuer.protocol === "http:") oidc.allowInsecureRequests(config);
  if (entry.jwks !== undefined) oidc.setJwksCache(config, entry.jwks);
  return { config, entry };
}

export type StartResult =
  | { kind: "redirect"; url: string; token: string; expiresAt: Date }
  | { kind: "no-provider" }
  | { kind: "unavailable"; label: string };

/**
 * Starts signing in with the partnership's provider: keeps state, nonce and PKCE verifier
 * under a new token for the browser's cookie, and gives the provider's address to send it to.
 */
export async function startSignIn(
  deps: SignInDeps,
  request: { partnershipId: string; returnTo: string; callbackUrl: string },
): Promise<StartResult> {
  const provider = await findProvider(deps.db, request.partnershipId);
  if (provider === undefined) return { kind: "no-provider" };
  const now = new Date(deps.now());
  let config: oidc.Configuration;
  try {
    ({ config } = await configurationFor(provider, now));
  } catch {
    return { kind: "unavailable", label: provider.label };
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: request.callbackUrl,
    scope: "openid email",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ATTEMPT_MINUTES * 60_000);
  await saveSignInAttempt(
    deps.db,
    token,
    {
      partnershipId: provider.partnershipId,
      state,
      nonce,
      codeVerifier,
      returnTo: request.returnTo,
    },
    now,
    expiresAt,
  );
  return { kind: "redirect", url: url.href, token, expiresAt };
}

/** Why a sign-in through a provider did not sign anyone in. */
export type Refusal =
  /** No attempt for this browser: never started here, already used, or too old. */
  | { kind: "expired" }
  /** The provider answered with an error: the person cancelled, or it refused them. */
  | { kind: "provider-refused"; label: string }
  /** The answer did not check out (state, code, tokens), or the provider could not be reached. */
  | { kind: "failed"; label: string }
  /** The provider says it has not checked the email address. */
  | { kind: "unverified-email"; label: string }
  /** No active person of the partnership has the email address (or the provider gave none). */
  | { kind: "no-account"; label: string; email: string | null };

/** Longer than any email address can be (RFC 5321 allows 254 characters in use). */
const EMAIL_MAX_LENGTH = 320;

/** The email address a provider gave, if it could be one: PostgreSQL refuses NUL, for one. */
function usableEmail(value: unknown): string | null {
  if (typeof value !== "string" || value === "" || value.length > EMAIL_MAX_LENGTH) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
  return /[\u0000-\u001f\u007f]/.test(value) ? null : value;
}

export type FinishResult = { kind: "signed-in"; personId: string; returnTo: string } | Refusal;

/**
 * Finishes signing in when the provider sends the browser back: takes the browser's attempt
 * (once only), checks the answer and exchanges the code, and finds the person by email.
 */
export async function finishSignIn(
  deps: SignInDeps,
  answer: { token: string | undefined; query: string; callbackUrl: string },
): Promise<FinishResult> {
  const now = new Date(deps.now());
  const attempt =
    answer.token === undefined ? undefined : await takeSignInAttempt(deps.db, answer.token, now);
  if (attempt === undefined) return { kind: "expired" };
  const provider = await findProvider(deps.db, attempt.partnershipId);
  if (provider === undefined) return { kind: "expired" };
  const label = provider.label;

  let claims: { email?: unknown; email_verified?: unknown };
  try {
    const { config, entry } = await configurationFor(provider, now);
    const currentUrl = new URL(answer.callbackUrl);
    currentUrl.search = answer.query;
    // The redirect_uri sent with the code is this address without its query: the callback's.
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
    });
    const keys = oidc.getJwksCache(config);
    if (keys !== undefined) entry.jwks = keys;
    const idToken = tokens.claims();
    if (idToken === undefined) return { kind: "failed", label };
    // Many providers put the email in the ID token; others only answer it from userinfo.
    claims =
      idToken.email === undefined && config.serverMetadata().userinfo_endpoint !== undefined
        ? await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)
        : { email: idToken.email, email_verified: idToken.email_verified };
  } catch (error) {
    if (error instanceof oidc.AuthorizationResponseError)
      return { kind: "provider-refused", label };
    return { kind: "failed", label };
  }

  // Some providers send the flag as a string.
  if (claims.email_verified === false || claims.email_verified === "false") {
    return { kind: "unverified-email", label };
  }
  const email = usableEmail(claims.email);
  const person = email === null ? undefined : await findPersonByEmail(deps.db, email);
  if (person === undefined || !person.active || person.partnershipId !== attempt.partnershipId) {
    return { kind: "no-account", label, email };
  }
  return { kind: "signed-in", personId: person.id, returnTo: attempt.returnTo };
}
