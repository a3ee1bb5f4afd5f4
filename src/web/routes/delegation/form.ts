import type { DelegationDetails } from "../../../app/admin/delegations.ts";
import type { Delegation } from "../../../db/administration.ts";
import type { Executor } from "../../../db/client.ts";
import { listAgencies, listPeople, type Person } from "../../../db/directory.ts";
import { formatDate } from "../../../engine/calendar/index.ts";
import { londonDate } from "../../../engine/calendar/instant.ts";
import { dateInputView, type Fields, FormReader } from "../../forms/index.ts";
import type { FieldError } from "../../views/form-errors.ts";

// The form that names an absence delegate, shared by the administrator's page for anyone and
// each person's own page (/delegation): who acts for them, and from and to which dates.

export interface DelegateChoice {
  value: string;
  text: string;
}

/**
 * The people who can be named: the partnership's other active people, those in the person's own
 * agency first (the usual choice), then everyone else by agency.
 */
export async function delegateChoices(db: Executor, person: Person): Promise<DelegateChoice[]> {
  const agencies = new Map(
    (await listAgencies(db, person.partnershipId)).map((agency) => [agency.id, agency.name]),
  );
  const agencyName = (candidate: Person) =>
    candidate.agencyId === null ? "Partnership team" : (agencies.get(candidate.agencyId) ?? "");
  const others = (await listPeople(db, person.partnershipId)).filter(
    (candidate) => candidate.active && candidate.id !== person.id,
  );
  const sameAgency = (candidate: Person) => (candidate.agencyId === person.agencyId ? 0 : 1);
  return others
    .sort(
      (a, b) =>
        sameAgency(a) - sameAgency(b) ||
        agencyName(a).localeCompare(agencyName(b)) ||
        a.name.localeCompare(b.name),
    )
    .map((candidate) => ({
      value: candidate.id,
      text: [candidate.name, candidate.jobTitle, agencyName(candidate)].filter(Boolean).join(", "),
    }));
}

/** Reads the form: the delegate (one of `choices`), the first and the last day. */
export function readDelegation(
  body: unknown,
  choices: readonly DelegateChoice[],
  now: string,
): { errors: FieldError[]; details: DelegationDetails | null } {
  const form = new FormReader(body, { today: londonDate(now) });
  const delegateId = form.choice(
    "delegate",
    choices.map((choice) => choice.value),
    "Select who acts for them while they are away",
  );
  const from = form.date("from", "the first day they are away", { named: "The first day" });
  const to = form.date("to", "the last day they are away", {
    named: "The last day",
    bound: "today-or-future",
  });
  if (from !== null && to !== null && to < from) {
    form.add("to-day", "The last day must be the same as or after the first day");
  }
  const details =
    form.ok && delegateId !== null && from !== null && to !== null
      ? { delegateId, from, to }
      : null;
  return { errors: form.errors, details };
}

/** What the delegation fields need to show again: the date inputs' boxes. */
export function delegationInputs(values: Fields, errors: readonly FieldError[]) {
  return { from: dateInputView("from", values, errors), to: dateInputView("to", values, errors) };
}

/** Delegations as the pages list them, with their dates in words. */
export function presentDelegations(delegations: readonly Delegation[]) {
  return delegations.map((delegation) => ({
    ...delegation,
    fromText: formatDate(delegation.startsOn),
    toText: formatDate(delegation.endsOn),
  }));
}
