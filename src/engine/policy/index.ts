// Who may see and do what: pure functions of the person, their roles and their part in an
// escalation. The web layer asks here for every route and action; PostgreSQL's row-level
// security enforces the same visibility again underneath (src/db/migrations/0007_access-policy.sql).

/** The service role that manages agencies, people and settings. */
export const ADMINISTRATOR = "administrator";

/** What the policy needs to know about a person. */
export interface PolicyPerson {
  id: string;
  partnershipId: string;
  agencyId: string | null;
  roles: readonly string[];
  active: boolean;
}

/** Administrators manage the partnership's agencies, people and settings. */
export function mayAdminister(person: PolicyPerson): boolean {
  return person.active && person.roles.includes(ADMINISTRATOR);
}
