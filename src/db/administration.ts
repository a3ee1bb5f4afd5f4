import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  lte,
  ne,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "./client.ts";
import type { Agency } from "./directory.ts";
import {
  absenceDelegations,
  adminChanges,
  agencies,
  partnerships,
  people,
  personRoles,
  procedureVersions,
  roleInboxes,
  roleInboxMembers,
} from "./schema.ts";

// What the administration pages read and write: agencies, people, role inboxes, absence
// delegates, the partnership's settings, and the append-only history of every change to them.
// Every read is scoped to one partnership: an id from another partnership finds nothing.

// ---------------------------------------------------------------------------------------------
// History

export type AdminChange = typeof adminChanges.$inferSelect;
export type NewAdminChange = Omit<typeof adminChanges.$inferInsert, "id">;

/** Records one change; call it in the transaction that makes the change. */
export async function recordChange(tx: Executor, change: NewAdminChange): Promise<void> {
  await tx.insert(adminChanges).values(change);
}

/** A page of the partnership's changes, newest first, with who made each. */
export async function listChanges(
  db: Executor,
  partnershipId: string,
  page: { offset: number; limit: number },
): Promise<{ rows: (AdminChange & { actorName: string | null })[]; total: number }> {
  const where = eq(adminChanges.partnershipId, partnershipId);
  const rows = await db
    .select({
      id: adminChanges.id,
      partnershipId: adminChanges.partnershipId,
      actorPersonId: adminChanges.actorPersonId,
      // ISO 8601, as the rest of Resolve passes instants (PostgreSQL's own text form is not).
      occurredAt: sql<string>`to_char(${adminChanges.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      kind: adminChanges.kind,
      recordType: adminChanges.recordType,
      recordId: adminChanges.recordId,
      beforeValues: adminChanges.beforeValues,
      afterValues: adminChanges.afterValues,
      actorName: people.name,
    })
    .from(adminChanges)
    .leftJoin(people, eq(people.id, adminChanges.actorPersonId))
    .where(where)
    .orderBy(desc(adminChanges.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db.select({ value: count() }).from(adminChanges).where(where);
  return { rows, total: total?.value ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// The partnership

/** Serialises changes to the people, inboxes and delegations of a whole database (emails are unique across it). */
export async function lockDirectory(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('resolve-directory'))`);
}

export async function updatePartnership(
  tx: Executor,
  id: string,
  changes: Partial<
    Pick<
      typeof partnerships.$inferInsert,
      | "procedureId"
      | "procedureVersion"
      | "nation"
      | "closeOfBusiness"
      | "retentionMonths"
      | "reminderWorkingDays"
      | "timescaleSettings"
    >
  >,
): Promise<void> {
  await tx.update(partnerships).set(changes).where(eq(partnerships.id, id));
}

/** A procedure version recorded in the database, as an administrator chooses it. */
export interface RegisteredProcedure {
  procedureId: string;
  version: string;
  partnership: string;
  title: string;
}

/** Every procedure version recorded (the shipped library, and versions still in use). */
export async function registeredProcedures(db: Executor): Promise<RegisteredProcedure[]> {
  return db
    .select({
      procedureId: procedureVersions.procedureId,
      version: procedureVersions.version,
      partnership: sql<string>`${procedureVersions.definition}->>'partnership'`,
      title: sql<string>`${procedureVersions.definition}->>'title'`,
    })
    .from(procedureVersions)
    .orderBy(asc(procedureVersions.procedureId), asc(procedureVersions.version));
}

// ---------------------------------------------------------------------------------------------
// Agencies

export async function findAgency(
  db: Executor,
  partnershipId: string,
  id: string,
): Promise<Agency | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.partnershipId, partnershipId), eq(agencies.id, id)));
  return row;
}

/** True when another agency of the partnership has this name, whatever its case. */
export async function agencyNameTaken(
  db: Executor,
  partnershipId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  const conditions = [
    eq(agencies.partnershipId, partnershipId),
    eq(sql`lower(${agencies.name})`, name.toLowerCase()),
  ];
  if (exceptId !== undefined) conditions.push(ne(agencies.id, exceptId));
  const [row] = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(...conditions));
  return row !== undefined;
}

export async function updateAgency(
  tx: Executor,
  id: string,
  changes: Partial<Pick<Agency, "name" | "sector" | "active">>,
): Promise<void> {
  await tx.update(agencies).set(changes).where(eq(agencies.id, id));
}

/** How many people each of the partnership's agencies has, by agency id. */
export async function peopleByAgency(
  db: Executor,
  partnershipId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .select({ agencyId: people.agencyId, count: count() })
    .from(people)
    .where(eq(people.partnershipId, partnershipId))
    .groupBy(people.agencyId);
  return new Map(rows.flatMap((row) => (row.agencyId === null ? [] : [[row.agencyId, row.count]])));
}

// ---------------------------------------------------------------------------------------------
// People

export interface PeopleFilter {
  /** An agency id, or "none" for people in no agency. */
  agency?: string | undefined;
  role?: string | undefined;
  active?: boolean | undefined;
}

/** One page of the partnership's people, by name, and how many match in all. */
export async function searchPeople(
  db: Executor,
  partnershipId: string,
  filter: PeopleFilter,
  page: { offset: number; limit: number },
) {
  const conditions: SQL[] = [eq(people.partnershipId, partnershipId)];
  if (filter.agency === "none") conditions.push(sql`${people.agencyId} is null`);
  else if (filter.agency !== undefined) conditions.push(eq(people.agencyId, filter.agency));
  if (filter.active !== undefined) conditions.push(eq(people.active, filter.active));
  if (filter.role !== undefined) {
    conditions.push(
      sql`exists (select 1 from ${personRoles} where ${personRoles.personId} = ${people.id} and ${personRoles.role} = ${filter.role})`,
    );
  }
  const where = and(...conditions);
  const rows = await db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      jobTitle: people.jobTitle,
      agencyId: people.agencyId,
      active: people.active,
      roles: sql<
        string[]
      >`coalesce((select array_agg(${personRoles.role} order by ${personRoles.role}) from ${personRoles} where ${personRoles.personId} = ${people.id}), '{}')`,
    })
    .from(people)
    .where(where)
    .orderBy(asc(people.name), asc(people.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db.select({ value: count() }).from(people).where(where);
  return { rows, total: total?.value ?? 0 };
}

/** True when someone (other than `exceptId`) already has this email, whatever its case. */
export async function emailTaken(db: Executor, email: string, exceptId?: string): Promise<boolean> {
  const conditions = [eq(sql`lower(${people.email})`, email.toLowerCase())];
  if (exceptId !== undefined) conditions.push(ne(people.id, exceptId));
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(...conditions));
  return row !== undefined;
}

export async function updatePerson(
  tx: Executor,
  id: string,
  changes: Partial<Pick<typeof people.$inferInsert, "name" | "email" | "jobTitle" | "agencyId">>,
  roles: readonly string[],
): Promise<void> {
  if (Object.keys(changes).length > 0)
    await tx.update(people).set(changes).where(eq(people.id, id));
  await tx.delete(personRoles).where(eq(personRoles.personId, id));
  if (roles.length > 0) {
    await tx.insert(personRoles).values(roles.map((role) => ({ personId: id, role })));
  }
}

export async function setPersonActive(tx: Executor, id: string, active: boolean): Promise<void> {
  await tx.update(people).set({ active }).where(eq(people.id, id));
}

// ---------------------------------------------------------------------------------------------
// Role inboxes

export type RoleInbox = typeof roleInboxes.$inferSelect;

export interface InboxMember {
  id: string;
  name: string;
  active: boolean;
}

/** The partnership's inboxes, by agency and name, each with its members. */
export async function listInboxes(
  db: Executor,
  partnershipId: string,
  where: { agencyId?: string; inboxId?: string } = {},
): Promise<(RoleInbox & { agencyName: string; members: InboxMember[] })[]> {
  const conditions = [eq(roleInboxes.partnershipId, partnershipId)];
  if (where.agencyId !== undefined) conditions.push(eq(roleInboxes.agencyId, where.agencyId));
  if (where.inboxId !== undefined) {
    if (!isUuid(where.inboxId)) return [];
    conditions.push(eq(roleInboxes.id, where.inboxId));
  }
  const inboxes = await db
    .select({
      id: roleInboxes.id,
      partnershipId: roleInboxes.partnershipId,
      agencyId: roleInboxes.agencyId,
      role: roleInboxes.role,
      name: roleInboxes.name,
      createdAt: roleInboxes.createdAt,
      agencyName: agencies.name,
    })
    .from(roleInboxes)
    .innerJoin(agencies, eq(agencies.id, roleInboxes.agencyId))
    .where(and(...conditions))
    .orderBy(asc(agencies.name), asc(roleInboxes.name));
  if (inboxes.length === 0) return [];
  const members = await db
    .select({
      inboxId: roleInboxMembers.inboxId,
      id: people.id,
      name: people.name,
      active: people.active,
    })
    .from(roleInboxMembers)
    .innerJoin(people, eq(people.id, roleInboxMembers.personId))
    .where(
      inArray(
        roleInboxMembers.inboxId,
        inboxes.map((inbox) => inbox.id),
      ),
    )
    .orderBy(asc(people.name));
  return inboxes.map((inbox) => ({
    ...inbox,
    members: members
      .filter((member) => member.inboxId === inbox.id)
      .map(({ id, name, active }) => ({ id, name, active })),
  }));
}

export async function insertInbox(tx: Executor, inbox: typeof roleInboxes.$inferInsert) {
  await tx.insert(roleInboxes).values(inbox);
}

export async function renameInbox(tx: Executor, id: string, name: string): Promise<void> {
  await tx.update(roleInboxes).set({ name }).where(eq(roleInboxes.id, id));
}

/** Removes an inbox and who works it. */
export async function deleteInbox(tx: Executor, id: string): Promise<void> {
  await tx.delete(roleInboxMembers).where(eq(roleInboxMembers.inboxId, id));
  await tx.delete(roleInboxes).where(eq(roleInboxes.id, id));
}

export async function setInboxMembers(
  tx: Executor,
  inboxId: string,
  personIds: readonly string[],
): Promise<void> {
  await tx.delete(roleInboxMembers).where(eq(roleInboxMembers.inboxId, inboxId));
  if (personIds.length > 0) {
    await tx.insert(roleInboxMembers).values(personIds.map((personId) => ({ inboxId, personId })));
  }
}

/** The agency and role of every inbox the person works, for routing work addressed to a role. */
export async function inboxesOf(
  db: Executor,
  personId: string,
): Promise<{ inboxId: string; agencyId: string; role: string; name: string }[]> {
  if (!isUuid(personId)) return [];
  return db
    .select({
      inboxId: roleInboxes.id,
      agencyId: roleInboxes.agencyId,
      role: roleInboxes.role,
      name: roleInboxes.name,
    })
    .from(roleInboxMembers)
    .innerJoin(roleInboxes, eq(roleInboxes.id, roleInboxMembers.inboxId))
    .innerJoin(people, eq(people.id, roleInboxMembers.personId))
    .where(and(eq(roleInboxMembers.personId, personId), eq(people.active, true)))
    .orderBy(asc(roleInboxes.name));
}

// ---------------------------------------------------------------------------------------------
// Absence delegates

export interface Delegation {
  id: string;
  personId: string;
  personName: string;
  delegateId: string;
  delegateName: string;
  startsOn: string;
  endsOn: string;
}

const delegates = alias(people, "delegates");

function selectDelegations(db: Executor) {
  return db
    .select({
      id: absenceDelegations.id,
      personId: absenceDelegations.personId,
      personName: people.name,
      delegateId: absenceDelegations.delegateId,
      delegateName: delegates.name,
      startsOn: absenceDelegations.startsOn,
      endsOn: absenceDelegations.endsOn,
    })
    .from(absenceDelegations)
    .innerJoin(people, eq(people.id, absenceDelegations.personId))
    .innerJoin(delegates, eq(delegates.id, absenceDelegations.delegateId));
}

/** A person's delegations that have not ended by `today` (YYYY-MM-DD), soonest first. */
export async function delegationsOf(
  db: Executor,
  personId: string,
  today: string,
): Promise<Delegation[]> {
  return selectDelegations(db)
    .where(and(eq(absenceDelegations.personId, personId), gte(absenceDelegations.endsOn, today)))
    .orderBy(asc(absenceDelegations.startsOn));
}

export async function findDelegation(
  db: Executor,
  personId: string,
  id: string,
): Promise<Delegation | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await selectDelegations(db).where(
    and(eq(absenceDelegations.personId, personId), eq(absenceDelegations.id, id)),
  );
  return row;
}

/** True when one of the person's delegations shares a day with `from`–`to`. */
export async function delegationOverlaps(
  db: Executor,
  personId: string,
  from: string,
  to: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: absenceDelegations.id })
    .from(absenceDelegations)
    .where(
      and(
        eq(absenceDelegations.personId, personId),
        lte(absenceDelegations.startsOn, to),
        gte(absenceDelegations.endsOn, from),
      ),
    );
  return row !== undefined;
}

export async function insertDelegation(
  tx: Executor,
  delegation: typeof absenceDelegations.$inferInsert,
): Promise<void> {
  await tx.insert(absenceDelegations).values(delegation);
}

export async function deleteDelegation(tx: Executor, id: string): Promise<void> {
  await tx.delete(absenceDelegations).where(eq(absenceDelegations.id, id));
}

/**
 * The active people whose work `personId` covers on `date` (YYYY-MM-DD, the partnership's local
 * date): everyone who named them as delegate for a period that includes it.
 */
export async function delegatorsOn(
  db: Executor,
  personId: string,
  date: string,
): Promise<{ personId: string; name: string; agencyId: string | null; until: string }[]> {
  if (!isUuid(personId)) return [];
  return db
    .select({
      personId: people.id,
      name: people.name,
      agencyId: people.agencyId,
      until: absenceDelegations.endsOn,
    })
    .from(absenceDelegations)
    .innerJoin(people, eq(people.id, absenceDelegations.personId))
    .where(and(coveringDelegations(personId, date), eq(people.active, true)))
    .orderBy(asc(people.name));
}

/** The delegations that name `delegateId` and cover the London date `date` (YYYY-MM-DD). */
export function coveringDelegations(delegateId: SQL | string, date: string | Placeholder): SQL {
  return and(
    eq(absenceDelegations.delegateId, delegateId),
    lte(absenceDelegations.startsOn, date),
    gte(absenceDelegations.endsOn, date),
  ) as SQL;
}

/** True for a well-formed uuid: anything else is no record's id, and PostgreSQL would refuse it. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
