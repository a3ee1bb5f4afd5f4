import type { Person } from "../../db/directory.ts";
import type { DirectoryRows } from "../../db/recipients.ts";
import { stageOf } from "../../engine/escalation/index.ts";
import {
  type EscalationFacts,
  subjectOf,
  type Visibility,
  visibilityOf,
  visibleTo,
} from "../../engine/policy/index.ts";
import type { Procedure } from "../../engine/procedure/schema.ts";

// Who hears about an escalation: the people a procedure's role names, found in the partnership's
// directory (role inboxes and absence delegates included), and only those the access policy lets
// see it. Pure: the directory is read beforehand (src/db/recipients.ts).

/** The partnership's people, inboxes and absences on one day, for routing messages. */
export class Audience {
  private readonly people: Map<string, Person>;
  /** Active people by role held. */
  private readonly byRole = new Map<string, Person[]>();
  private readonly inboxes: Map<string, readonly string[]>;
  private readonly delegates = new Map<string, string[]>();
  private readonly covered = new Map<string, Person[]>();
  private readonly inboxesOf = new Map<string, { agencyId: string; role: string }[]>();
  private readonly visibilities = new Map<string, Visibility>();
  /** The partnership's current procedure: what a person may see is judged under it. */
  private readonly current: Procedure;

  constructor(rows: DirectoryRows, current: Procedure) {
    this.current = current;
    this.people = new Map(rows.people.map((person) => [person.id, person]));
    for (const person of rows.people) {
      if (!person.active) continue;
      for (const role of person.roles) append(this.byRole, role, person);
    }
    this.inboxes = new Map(
      rows.inboxes.map((inbox) => [`${inbox.agencyId}|${inbox.role}`, inbox.memberIds]),
    );
    for (const inbox of rows.inboxes) {
      for (const id of inbox.memberIds) {
        append(this.inboxesOf, id, { agencyId: inbox.agencyId, role: inbox.role });
      }
    }
    for (const { personId, delegateId } of rows.absences) {
      const away = this.people.get(personId);
      if (away === undefined) continue;
      append(this.delegates, personId, delegateId);
      append(this.covered, delegateId, away);
    }
  }

  /** The active person with this id. */
  person(id: string): Person | undefined {
    const person = this.people.get(id);
    return person?.active === true ? person : undefined;
  }

  /** Active people holding `role`: in one of `agencyIds`, or anywhere in the partnership for null. */
  holders(role: string, agencyIds: readonly string[] | null): string[] {
    return (this.byRole.get(role) ?? [])
      .filter(
        (person) =>
          agencyIds === null || (person.agencyId !== null && agencyIds.includes(person.agencyId)),
      )
      .map((person) => person.id);
  }

  /**
   * The people who work a role in an agency: its role inbox's members when it has one (work
   * addressed to the role lands there), else everyone in the agency holding the role.
   */
  workers(agencyId: string, role: string): string[] {
    const members = this.inboxMembers(agencyId, role);
    return members.length > 0 ? members : this.holders(role, [agencyId]);
  }

  /** The active members of the agency's inbox for the role, if it has one. */
  inboxMembers(agencyId: string, role: string): string[] {
    return (this.inboxes.get(`${agencyId}|${role}`) ?? []).filter(
      (id) => this.person(id) !== undefined,
    );
  }

  /** The people, each once, each followed by whoever acts for them while they are away. */
  withDelegates(ids: readonly string[]): string[] {
    return [...new Set(ids.flatMap((id) => [id, ...(this.delegates.get(id) ?? [])]))];
  }

  /**
   * Those of `ids` who are active and may see the escalation under the access policy, as a
   * signed-in person would: in their own job, for colleagues they cover, through their inboxes.
   */
  whoMaySee(ids: readonly string[], facts: EscalationFacts): Person[] {
    return [...new Set(ids)].flatMap((id) => {
      const person = this.person(id);
      return person !== undefined && visibleTo(this.visibilityOf(person), facts) ? [person] : [];
    });
  }

  private visibilityOf(person: Person): Visibility {
    let visibility = this.visibilities.get(person.id);
    if (visibility === undefined) {
      const subject = subjectOf(
        person,
        this.covered.get(person.id) ?? [],
        this.inboxesOf.get(person.id) ?? [],
      );
      visibility = visibilityOf(subject, this.current);
      this.visibilities.set(person.id, visibility);
    }
    return visibility;
  }
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** An escalation where it stands, as far as routing needs: the facts the policy judges by. */
export type Whereabouts = EscalationFacts & { round: number };

/**
 * The people who act at the escalation's stage, for each side as its procedure names them: on
 * an agency's side, those of its people holding the role who have already worked on the
 * escalation, else the role's workers there (inbox or holders); for the partnership's own or an
 * independent role, its holders in the partnership (outside the parties, where the stage must be
 * run by someone independent of them). `agencySides` are those acting for a party, who may
 * escalate it.
 */
export function stageOwners(
  audience: Audience,
  procedure: Procedure,
  where: Whereabouts,
): { all: string[]; agencySides: string[] } {
  const stage = stageOf(procedure, where.track, where.stage);
  const parties = [where.raisingAgencyId, ...where.receivingAgencyIds];
  const agencySides: string[] = [];
  const others: string[] = [];
  for (const actor of stage.actors) {
    if (actor.side === "raising" || actor.side === "receiving") {
      const agencies =
        actor.side === "raising" ? [where.raisingAgencyId] : where.receivingAgencyIds;
      for (const agencyId of agencies) {
        const working = audience
          .holders(actor.role, [agencyId])
          .filter((id) => where.participantIds.includes(id));
        agencySides.push(
          ...(working.length > 0 ? working : audience.workers(agencyId, actor.role)),
        );
      }
    } else {
      const independent =
        stage.composition?.independentOfParties === true && stage.composition.role === actor.role;
      others.push(
        ...audience
          .holders(actor.role, null)
          .filter((id) => !independent || !parties.includes(audience.person(id)?.agencyId ?? "")),
      );
    }
  }
  return {
    all: [...new Set([...agencySides, ...others])],
    agencySides: [...new Set(agencySides)],
  };
}

/**
 * The next tier of management above the stage in each party agency: the workers of the agency
 * roles one tier up from the tier the stage is worked at. None above the agencies' top tier.
 */
export function nextTierUp(audience: Audience, procedure: Procedure, where: Whereabouts): string[] {
  const above = procedure.roles.filter(
    (role) => role.level === "agency" && role.tier > where.stageTier,
  );
  if (above.length === 0) return [];
  const tier = Math.min(...above.map((role) => role.tier));
  const roles = above.filter((role) => role.tier === tier);
  return [
    ...new Set(
      [where.raisingAgencyId, ...where.receivingAgencyIds].flatMap((agencyId) =>
        roles.flatMap((role) => audience.workers(agencyId, role.id)),
      ),
    ),
  ];
}

/**
 * The people a procedure says must be told, by role: for the partnership's own or an independent
 * role, anyone in the partnership holding it; for an agency role, in the agencies party to the
 * escalation, everyone holding it and everyone working its role inbox there.
 */
export function roleHolders(
  audience: Audience,
  procedure: Procedure,
  roleId: string,
  where: Whereabouts,
): string[] {
  const role = procedure.roles.find((candidate) => candidate.id === roleId);
  if (role === undefined) return [];
  if (role.level !== "agency") return audience.holders(roleId, null);
  return [
    ...new Set(
      [where.raisingAgencyId, ...where.receivingAgencyIds].flatMap((agencyId) => [
        ...audience.holders(roleId, [agencyId]),
        ...audience.inboxMembers(agencyId, roleId),
      ]),
    ),
  ];
}
