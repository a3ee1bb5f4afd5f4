import {
  emailTaken,
  findAgency,
  isUuid,
  setPersonActive as savePersonActive,
  updatePerson,
} from "../../db/administration.ts";
import type { Executor } from "../../db/client.ts";
import { findPerson, insertPerson, type Person } from "../../db/directory.ts";
import { findLocalAccount, removeTotp } from "../../db/local-accounts.ts";
import { endAllSessions } from "../../db/sessions.ts";
import { ADMINISTRATOR } from "../../engine/policy/index.ts";
import {
  type Actor,
  type AdminDeps,
  changing,
  type Outcome,
  refuse,
  type Step,
} from "./changes.ts";

// Adding and changing the people of a partnership. Passwords are not set here: a new person
// sets one through "forgotten your password", or signs in through single sign-on.

export interface PersonDetails {
  name: string;
  email: string;
  jobTitle: string | null;
  /** null: not in an agency (the partnership team, or someone independent). */
  agencyId: string | null;
  roles: readonly string[];
}

/** The longest email address there can be (RFC 5321). */
export const EMAIL_MAX_LENGTH = 254;

/** Something, an @, a domain with a dot: enough to catch mistakes, not to prove it is real. */
export function isEmailAddress(text: string): boolean {
  return text.length <= EMAIL_MAX_LENGTH && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text);
}

const EMAIL_TAKEN = "Someone already has this email address";
const EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org";

async function snapshot(
  tx: Executor,
  partnershipId: string,
  person: Pick<Person, "name" | "email" | "jobTitle" | "agencyId" | "active"> & {
    roles: readonly string[];
  },
) {
  const agency =
    person.agencyId === null ? undefined : await findAgency(tx, partnershipId, person.agencyId);
  return {
    name: person.name,
    email: person.email,
    jobTitle: person.jobTitle,
    agency: agency?.name ?? null,
    roles: [...person.roles].sort(),
    active: person.active,
  };
}

/** The agency, if one is named, must be one of the partnership's active agencies. */
async function agencyRefusal(
  tx: Executor,
  actor: Actor,
  agencyId: string | null,
  current: string | null = null,
): Promise<Outcome | null> {
  if (agencyId === null) return null;
  const agency = await findAgency(tx, actor.partnershipId, agencyId);
  if (agency === undefined || (!agency.active && agency.id !== current)) {
    return refuse("agency", "Select an active agency, or not in an agency");
  }
  return null;
}

export function addPerson(deps: AdminDeps, actor: Actor, details: PersonDetails): Promise<Outcome> {
  return changing(deps, actor, (tx) => addPersonIn(tx, deps, actor, details));
}

/** Adds a person within a transaction that holds the directory's lock (see `changing`). */
export async function addPersonIn(
  tx: Executor,
  deps: AdminDeps,
  actor: Actor,
  details: PersonDetails & { passwordHash?: string },
): Promise<Step> {
  if (!isEmailAddress(details.email)) return { outcome: refuse("email", EMAIL_FORMAT) };
  if (await emailTaken(tx, details.email)) return { outcome: refuse("email", EMAIL_TAKEN) };
  const refused = await agencyRefusal(tx, actor, details.agencyId);
  if (refused !== null) return { outcome: refused };
  const person = await insertPerson(tx, {
    id: deps.newId(),
    partnershipId: actor.partnershipId,
    ...details,
  });
  return {
    outcome: { ok: true, id: person.id },
    change: {
      kind: "person-added",
      recordType: "person",
      recordId: person.id,
      before: null,
      after: await snapshot(tx, actor.partnershipId, person),
    },
  };
}

/** The partnership's person with this id, or undefined (another partnership's, or no one). */
export async function findPartnershipPerson(
  db: Executor,
  partnershipId: string,
  id: string,
): Promise<Person | undefined> {
  if (!isUuid(id)) return undefined;
  const person = await findPerson(db, id);
  return person?.partnershipId === partnershipId ? person : undefined;
}

export function changePerson(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  details: PersonDetails,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const person = await findPartnershipPerson(tx, actor.partnershipId, id);
    if (person === undefined) return { outcome: refuse("name", "The person could not be found") };
    if (!isEmailAddress(details.email)) return { outcome: refuse("email", EMAIL_FORMAT) };
    if (await emailTaken(tx, details.email, id)) return { outcome: refuse("email", EMAIL_TAKEN) };
    const refused = await agencyRefusal(tx, actor, details.agencyId, person.agencyId);
    if (refused !== null) return { outcome: refused };
    if (id === actor.id && !details.roles.includes(ADMINISTRATOR)) {
      return {
        outcome: refuse(
          "roles",
          "You cannot take the administrator role from yourself: ask another administrator",
        ),
      };
    }
    const { roles, ...columns } = details;
    await updatePerson(tx, id, columns, roles);
    return {
      outcome: { ok: true, id },
      change: {
        kind: "person-changed",
        recordType: "person",
        recordId: id,
        before: await snapshot(tx, actor.partnershipId, person),
        after: await snapshot(tx, actor.partnershipId, { ...person, ...details }),
      },
    };
  });
}

/** Deactivates a person (ending their sessions: they are signed out everywhere) or reactivates them. */
export function setPersonActive(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  active: boolean,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const person = await findPartnershipPerson(tx, actor.partnershipId, id);
    if (person === undefined) return { outcome: refuse("active", "The person could not be found") };
    if (id === actor.id && !active) {
      return {
        outcome: refuse("active", "You cannot deactivate yourself: ask another administrator"),
      };
    }
    await savePersonActive(tx, id, active);
    if (!active) await endAllSessions(tx, id);
    return {
      outcome: { ok: true, id },
      change: {
        kind: active ? "person-reactivated" : "person-deactivated",
        recordType: "person",
        recordId: id,
        before: await snapshot(tx, actor.partnershipId, person),
        after: await snapshot(tx, actor.partnershipId, { ...person, active }),
      },
    };
  });
}

/**
 * Takes away someone's authenticator app, when they have lost their phone: they sign in with
 * their password alone until they set up a new one. Their sessions carry on.
 */
export function removeAuthenticator(deps: AdminDeps, actor: Actor, id: string): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const person = await findPartnershipPerson(tx, actor.partnershipId, id);
    const account = person === undefined ? undefined : await findLocalAccount(tx, id);
    if (account?.totpSecret == null) {
      return { outcome: refuse("authenticator", "They do not have an authenticator app set up") };
    }
    await removeTotp(tx, id);
    return {
      outcome: { ok: true, id },
      change: {
        kind: "authenticator-removed",
        recordType: "person",
        recordId: id,
        before: { authenticatorApp: "On" },
        after: { authenticatorApp: "Off" },
      },
    };
  });
}
