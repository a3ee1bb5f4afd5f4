import { eq, type Placeholder, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { coveringDelegations } from "./administration.ts";
import type { Executor } from "./client.ts";
import type { Agency, Partnership, Person } from "./directory.ts";
import {
  absenceDelegations,
  agencies,
  partnerships,
  people,
  personRoles,
  roleInboxes,
  roleInboxMembers,
} from "./schema.ts";

// What the access policy needs to know about a person besides themselves, and their
// partnership's agencies, read in one statement (src/app/access.ts puts it together; the sessions
// plugin reads it with the session itself).

export interface AccessFacts {
  partnership: Partnership;
  /** The partnership's agencies, inactive ones included, by name. */
  agencies: Agency[];
  /** Active colleagues, in the same partnership, away on `today` who named the person as delegate. */
  absentColleagues: Person[];
  /** The agency and role of each role inbox the person works. */
  inboxes: { agencyId: string; role: string }[];
}

const away = alias(people, "away");

/**
 * The columns of AccessFacts on the London date `today` (a value or a placeholder), for a select
 * from `people` joined to their partnership (a join, so that every column is named with its
 * table).
 */
export function accessFactColumns(today: string | Placeholder) {
  return {
    partnership: partnerships,
    agencies: sql<Agency[]>`coalesce((
      select json_agg(json_build_object('id', ${agencies.id}, 'partnershipId', ${agencies.partnershipId},
        'name', ${agencies.name}, 'sector', ${agencies.sector}, 'active', ${agencies.active})
        order by ${agencies.name})
      from ${agencies} where ${agencies.partnershipId} = ${partnerships.id}), '[]')`,
    absentColleagues: sql<Person[]>`coalesce((
      select json_agg(json_build_object(
        'id', ${away.id}, 'partnershipId', ${away.partnershipId}, 'agencyId', ${away.agencyId},
        'name', ${away.name}, 'email', ${away.email}, 'jobTitle', ${away.jobTitle},
        'roles', coalesce((select array_agg(${personRoles.role} order by ${personRoles.role})
          from ${personRoles} where ${personRoles.personId} = ${away.id}), '{}'),
        'active', ${away.active}, 'demo', ${away.demo}) order by ${away.name})
      from ${absenceDelegations} join ${people} ${away} on ${away.id} = ${absenceDelegations.personId}
      where ${coveringDelegations(sql`${people.id}`, today)} and ${away.active}
        and ${away.partnershipId} = ${partnerships.id}), '[]')`,
    inboxes: sql<AccessFacts["inboxes"]>`coalesce((
      select json_agg(json_build_object('agencyId', ${roleInboxes.agencyId}, 'role', ${roleInboxes.role})
        order by ${roleInboxes.name})
      from ${roleInboxMembers} join ${roleInboxes} on ${roleInboxes.id} = ${roleInboxMembers.inboxId}
      where ${roleInboxMembers.personId} = ${people.id}), '[]')`,
  };
}

/** The access facts of a person on the London date `today`. */
export async function accessFactsOf(
  db: Executor,
  personId: string,
  today: string,
): Promise<AccessFacts | undefined> {
  const [row] = await db
    .select(accessFactColumns(today))
    .from(people)
    .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
    .where(eq(people.id, personId));
  return row;
}
