import {
  delegationOverlaps,
  delegatorsOn,
  deleteDelegation,
  findDelegation,
  insertDelegation,
} from "../../db/administration.ts";
import type { Executor } from "../../db/client.ts";
import { londonDate } from "../../engine/calendar/instant.ts";
import { type Actor, type AdminDeps, changing, type Outcome, refuse } from "./changes.ts";
import { findPartnershipPerson } from "./people.ts";

// Absence delegates: someone away names who acts for them from one date to another, so nothing
// waits on their return. An administrator can set one for anyone; a person, for themselves.

export interface DelegationDetails {
  delegateId: string;
  /** YYYY-MM-DD, the first day the delegate acts. */
  from: string;
  /** YYYY-MM-DD, the last day, inclusive. */
  to: string;
}

/**
 * The active people whose work `personId` covers at the instant `at` (ISO 8601): those who named
 * them as their delegate for a period including that London date. For the access policy.
 */
export function delegatorsOf(
  db: Executor,
  personId: string,
  at: string,
): Promise<{ personId: string; name: string; agencyId: string | null; until: string }[]> {
  return delegatorsOn(db, personId, londonDate(at));
}

export function addDelegation(
  deps: AdminDeps,
  actor: Actor,
  personId: string,
  details: DelegationDetails,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const person = await findPartnershipPerson(tx, actor.partnershipId, personId);
    if (person === undefined)
      return { outcome: refuse("delegate", "The person could not be found") };
    const delegate = await findPartnershipPerson(tx, actor.partnershipId, details.delegateId);
    if (delegate === undefined || !delegate.active || delegate.id === person.id) {
      return {
        outcome: refuse(
          "delegate",
          "Select an active person in the partnership, other than the person who is away",
        ),
      };
    }
    if (details.to < details.from) {
      return {
        outcome: refuse("to-day", "The last day must be the same as or after the first day"),
      };
    }
    if (await delegationOverlaps(tx, person.id, details.from, details.to)) {
      return {
        outcome: refuse(
          "from-day",
          "These dates overlap a delegate already named: change the dates, or remove that delegate first",
        ),
      };
    }
    const id = deps.newId();
    await insertDelegation(tx, {
      id,
      partnershipId: actor.partnershipId,
      personId: person.id,
      delegateId: delegate.id,
      startsOn: details.from,
      endsOn: details.to,
    });
    return {
      outcome: { ok: true, id },
      change: {
        kind: "delegation-added",
        recordType: "delegation",
        recordId: id,
        before: null,
        after: { person: person.name, delegate: delegate.name, from: details.from, to: details.to },
      },
    };
  });
}

/** Removes one of the person's delegations (the person is back, or it was a mistake). */
export function removeDelegation(
  deps: AdminDeps,
  actor: Actor,
  personId: string,
  delegationId: string,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const person = await findPartnershipPerson(tx, actor.partnershipId, personId);
    const delegation =
      person === undefined ? undefined : await findDelegation(tx, person.id, delegationId);
    if (delegation === undefined) {
      return { outcome: refuse("delegation", "The delegate could not be found") };
    }
    await deleteDelegation(tx, delegation.id);
    return {
      outcome: { ok: true, id: delegation.id },
      change: {
        kind: "delegation-removed",
        recordType: "delegation",
        recordId: delegation.id,
        before: {
          person: delegation.personName,
          delegate: delegation.delegateName,
          from: delegation.startsOn,
          to: delegation.endsOn,
        },
        after: null,
      },
    };
  });
}
