import { createHash } from "node:crypto";
import { asc, desc, eq, lt } from "drizzle-orm";
import type { Database, Executor } from "./client.ts";
import {
  people,
  singleSignOnAttempts,
  singleSignOnChanges,
  singleSignOnProviders,
} from "./schema.ts";

// Each partnership's OpenID Connect provider, the record of who changed it, and the sign-ins on
// their way through a provider.

export type SingleSignOnProvider = typeof singleSignOnProviders.$inferSelect;

/** A button on the sign-in page: what it says and which partnership's provider it leads to. */
export interface SignInChoice {
  partnershipId: string;
  label: string;
  issuer: string;
}

/** What an administrator sets. A null secret keeps the one already saved. */
export interface ProviderSettings {
  partnershipId: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
}

/** Who made a change, and when. */
export interface ChangeMade {
  id: string;
  personId: string;
  at: string;
}

export async function listSignInChoices(db: Executor): Promise<SignInChoice[]> {
  return db
    .select({
      partnershipId: singleSignOnProviders.partnershipId,
      label: singleSignOnProviders.label,
      issuer: singleSignOnProviders.issuer,
    })
    .from(singleSignOnProviders)
    .orderBy(asc(singleSignOnProviders.label));
}

export async function findProvider(
  db: Executor,
  partnershipId: string,
): Promise<SingleSignOnProvider | undefined> {
  const [row] = await db
    .select()
    .from(singleSignOnProviders)
    .where(eq(singleSignOnProviders.partnershipId, partnershipId));
  return row === undefined ? undefined : { ...row, updatedAt: isoInstant(row.updatedAt) };
}

/** PostgreSQL writes instants its own way ("2025-05-22 08:30:00+00"); callers get ISO 8601. */
const isoInstant = (value: string) => new Date(value).toISOString();

/**
 * Sets the partnership's provider and records the change, together. Fails if no secret is given
 * and none is saved: the caller checks that first.
 */
export async function setProvider(
  db: Database,
  settings: ProviderSettings,
  change: ChangeMade,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await findProvider(tx, settings.partnershipId);
    const clientSecret = settings.clientSecret ?? current?.clientSecret;
    if (clientSecret === undefined) throw new Error("A new provider needs its client secret");
    const values = {
      label: settings.label,
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientSecret,
      updatedAt: change.at,
      updatedBy: change.personId,
    };
    await tx
      .insert(singleSignOnProviders)
      .values({ partnershipId: settings.partnershipId, ...values })
      .onConflictDoUpdate({ target: singleSignOnProviders.partnershipId, set: values });
    await tx.insert(singleSignOnChanges).values({
      id: change.id,
      partnershipId: settings.partnershipId,
      change: "set",
      label: settings.label,
      issuer: settings.issuer,
      clientId: settings.clientId,
      secretChanged: clientSecret !== current?.clientSecret,
      changedBy: change.personId,
      changedAt: change.at,
    });
  });
}

/** Removes the partnership's provider, recording the change; false if it had none. */
export async function removeProvider(
  db: Database,
  partnershipId: string,
  change: ChangeMade,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(singleSignOnProviders)
      .where(eq(singleSignOnProviders.partnershipId, partnershipId))
      .returning({ partnershipId: singleSignOnProviders.partnershipId });
    if (removed.length === 0) return false;
    await tx.insert(singleSignOnChanges).values({
      id: change.id,
      partnershipId,
      change: "removed",
      secretChanged: true,
      changedBy: change.personId,
      changedAt: change.at,
    });
    return true;
  });
}

export interface ProviderChange {
  change: "set" | "removed";
  label: string | null;
  issuer: string | null;
  clientId: string | null;
  secretChanged: boolean;
  changedByName: string;
  changedAt: string;
}

/** The partnership's changes to its provider, newest first. */
export async function listProviderChanges(
  db: Executor,
  partnershipId: string,
  limit: number,
): Promise<ProviderChange[]> {
  const rows = await db
    .select({
      change: singleSignOnChanges.change,
      label: singleSignOnChanges.label,
      issuer: singleSignOnChanges.issuer,
      clientId: singleSignOnChanges.clientId,
      secretChanged: singleSignOnChanges.secretChanged,
      changedByName: people.name,
      changedAt: singleSignOnChanges.changedAt,
    })
    .from(singleSignOnChanges)
    .innerJoin(people, eq(people.id, singleSignOnChanges.changedBy))
    .where(eq(singleSignOnChanges.partnershipId, partnershipId))
    .orderBy(desc(singleSignOnChanges.changedAt), desc(singleSignOnChanges.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, changedAt: isoInstant(row.changedAt) }));
}

/** What a sign-in keeps between sending the person to the provider and their coming back. */
export interface SignInAttempt {
  partnershipId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

// The browser holds the token; the table holds only its hash, as with sessions.
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** Keeps an attempt under the browser's token until `expiresAt`, clearing out expired ones. */
export async function saveSignInAttempt(
  db: Executor,
  token: string,
  attempt: SignInAttempt,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db
    .delete(singleSignOnAttempts)
    .where(lt(singleSignOnAttempts.expiresAt, now.toISOString()));
  await db
    .insert(singleSignOnAttempts)
    .values({ idHash: hashOf(token), ...attempt, expiresAt: expiresAt.toISOString() });
}

/**
 * The attempt kept under this token, if it has not expired, removing it: an attempt is used
 * once, so a provider's answer that comes back a second time finds nothing.
 */
export async function takeSignInAttempt(
  db: Executor,
  token: string,
  now: Date,
): Promise<SignInAttempt | undefined> {
  const [row] = await db
    .delete(singleSignOnAttempts)
    .where(eq(singleSignOnAttempts.idHash, hashOf(token)))
    .returning();
  if (row === undefined || Date.parse(row.expiresAt) <= now.getTime()) return undefined;
  const { idHash: _hash, expiresAt: _expires, ...attempt } = row;
  return attempt;
}
