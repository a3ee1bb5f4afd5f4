import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { agencies, partnerships, people, personRoles, referenceCounters } from "./schema.ts";

// Partnerships, agencies and people: who is who, for the use cases and the web layer.

export type Partnership = typeof partnerships.$inferSelect;
export type Agency = typeof agencies.$inferSelect;

/** A person as the service acts for them: their agency and roles, never their password. */
export interface Person {
  id: string;
  partnershipId: string;
  agencyId: string | null;
  name: string;
  email: string;
  jobTitle: string | null;
  roles: string[];
  active: boolean;
  demo: boolean;
}

export async function findPartnership(db: Executor, id: string): Promise<Partnership | undefined> {
  const [row] = await db.select().from(partnerships).where(eq(partnerships.id, id));
  return row;
}

export async function listPartnerships(db: Executor): Promise<Partnership[]> {
  return db.select().from(partnerships).orderBy(asc(partnerships.name));
}

export async function listAgencies(db: Executor, partnershipId: string): Promise<Agency[]> {
  return db
    .select()
    .from(agencies)
    .where(eq(agencies.partnershipId, partnershipId))
    .orderBy(asc(agencies.name));
}

/** A Person's columns, for a select that joins person_roles and groups by the person. */
export const personColumns = {
  id: people.id,
  partnershipId: people.partnershipId,
  agencyId: people.agencyId,
  name: people.name,
  email: people.email,
  jobTitle: people.jobTitle,
  active: people.active,
  demo: people.demo,
  roles: sql<
    string[]
  >`coalesce(array_agg(${personRoles.role} order by ${personRoles.role}) filter (where ${personRoles.role} is not null), '{}')`,
};

function selectPeople(db: Executor) {
  return db
    .select(personColumns)
    .from(people)
    .leftJoin(personRoles, eq(personRoles.personId, people.id))
    .groupBy(people.id);
}

export async function findPerson(db: Executor, id: string): Promise<Person | undefined> {
  const [row] = await selectPeople(db).where(eq(people.id, id));
  return row;
}

export async function findPersonByEmail(
  db: Executor,
  email: string,
): Promise<(Person & { passwordHash: string | null }) | undefined> {
  const [row] = await db
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(eq(sql`lower(${people.email})`, email.trim().toLowerCase()));
  if (row === undefined) return undefined;
  const person = await findPerson(db, row.id);
  return person === undefined ? undefined : { ...person, passwordHash: row.passwordHash };
}

export async function listPeople(
  db: Executor,
  partnershipId: string,
  filter: { demo?: boolean; agencyIds?: string[]; ids?: string[] } = {},
): Promise<Person[]> {
  const conditions = [eq(people.partnershipId, partnershipId)];
  if (filter.demo !== undefined) conditions.push(eq(people.demo, filter.demo));
  // Unlike agencyIds, an empty list of ids matches no one.
  if (filter.ids !== undefined) conditions.push(inArray(people.id, filter.ids));
  if (filter.agencyIds !== undefined && filter.agencyIds.length > 0) {
    conditions.push(inArray(people.agencyId, filter.agencyIds));
  }
  return selectPeople(db)
    .where(and(...conditions))
    .orderBy(asc(people.name));
}

/** The next human-readable reference for a partnership's escalation, e.g. DOR-2025-0007. */
export async function nextReference(
  tx: Executor,
  partnership: Pick<Partnership, "id" | "referencePrefix">,
  year: number,
): Promise<string> {
  const [row] = await tx
    .insert(referenceCounters)
    .values({ partnershipId: partnership.id, year, last: 1 })
    .onConflictDoUpdate({
      target: [referenceCounters.partnershipId, referenceCounters.year],
      set: { last: sql`${referenceCounters.last} + 1` },
    })
    .returning({ last: referenceCounters.last });
  return `${partnership.referencePrefix}-${year}-${String(row?.last ?? 1).padStart(4, "0")}`;
}

export async function insertPartnership(
  db: Executor,
  partnership: typeof partnerships.$inferInsert,
): Promise<Partnership> {
  const [row] = await db.insert(partnerships).values(partnership).returning();
  if (row === undefined) throw new Error("The partnership was not saved");
  return row;
}

export async function insertAgency(
  db: Executor,
  agency: typeof agencies.$inferInsert,
): Promise<Agency> {
  const [row] = await db.insert(agencies).values(agency).returning();
  if (row === undefined) throw new Error("The agency was not saved");
  return row;
}

export async function insertPerson(
  db: Executor,
  person: typeof people.$inferInsert & { roles: readonly string[] },
): Promise<Person> {
  const { roles, ...columns } = person;
  await db.insert(people).values(columns);
  if (roles.length > 0) {
    await db.insert(personRoles).values(roles.map((role) => ({ personId: columns.id, role })));
  }
  const saved = await findPerson(db, columns.id);
  if (saved === undefined) throw new Error("The person was not saved");
  return saved;
}

/** The names of these people, by id: for putting names on an escalation's timeline. */
export async function personNames(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(inArray(people.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}
