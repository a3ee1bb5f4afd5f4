import type { FinishedDeadline } from "../../db/deadline-scan.ts";
import type { Person } from "../../db/directory.ts";
import type { NewMessage } from "../../db/messages.ts";
import type { Calendar } from "../../engine/calendar/index.ts";
import { stageOf } from "../../engine/escalation/index.ts";
import type { Procedure } from "../../engine/procedure/schema.ts";
import { type Audience, nextTierUp, stageOwners, type Whereabouts } from "./audience.ts";
import { promptAt, reminderAt } from "./timing.ts";
import { type AboutEscalation, dueWords, messageFor, stageName } from "./wording.ts";

// The messages a running escalation's deadlines call for at an instant, worked out from the
// read model alone. Each is keyed by its cause — kind, escalation, stage and round (or the
// whole-escalation target), the due instant, the recipient — so a deadline that moves (extended,
// brought forward to protect the child, a bank holiday added) gets messages of its own, and
// writing one twice changes nothing.

/** A running escalation's deadlines as the read model holds them. */
export interface RunningDeadlines extends Whereabouts {
  id: string;
  reference: string;
  status: string;
  stageDueAt: string | null;
  targetDueAt: string | null;
}

export interface DeadlineScan {
  now: string;
  calendar: Calendar;
  /** The partnership's setting: how many working days before a deadline to remind. */
  reminderWorkingDays: number;
  audience: Audience;
  /** The procedure version the escalation runs under. */
  procedure: Procedure;
}

/** A message the deadline calls for: its key, and how to write it if it is not written yet. */
export interface Planned {
  key: string;
  make(): NewMessage;
}

type Kind = "reminder" | "alert" | "prompt";

/**
 * Every message the escalation's deadlines call for by `scan.now`, written or not, and the
 * deadlines that will call for nothing more once these are written: passed, alerted, and
 * prompted where a prompt can come.
 */
export function deadlineMessages(
  escalation: RunningDeadlines,
  scan: DeadlineScan,
): { planned: Planned[]; finished: FinishedDeadline[] } {
  const { now, calendar, audience, procedure } = scan;
  const owners = stageOwners(audience, procedure, escalation);
  const stage = stageOf(procedure, escalation.track, escalation.stage);
  const onward = stage.outcomes.find((outcome) => outcome.outcome === "escalate")?.to;
  const nextStage =
    onward === undefined ? null : stageName(procedure, { ...escalation, stage: onward, round: 1 });
  const name = stageName(procedure, escalation);
  const planned: Planned[] = [];
  const finished: FinishedDeadline[] = [];
  const round = `${escalation.stage}:${escalation.round}`;

  const plan = (
    kind: Kind,
    clock: "stage" | "target",
    dueAt: string,
    recipients: readonly string[],
    words: (person: Person) => { subject: string; lead: string },
  ) => {
    const about = (): AboutEscalation => ({
      id: escalation.id,
      partnershipId: escalation.partnershipId,
      reference: escalation.reference,
      stageName: name,
      deadline: `by ${dueWords(dueAt, calendar)}`,
    });
    const cause = clock === "stage" ? round : "target";
    const due = new Date(dueAt).toISOString();
    for (const person of audience.whoMaySee(audience.withDelegates(recipients), escalation)) {
      const key = `${kind}:${escalation.id}:${cause}:${due}:${person.id}`;
      planned.push({
        key,
        make: () => messageFor(person, about(), { key, kind, digest: true, ...words(person) }),
      });
    }
  };

  const ref = escalation.reference;
  const passed = (dueAt: string) => Date.parse(now) >= Date.parse(dueAt);
  const reminded = (dueAt: string) => {
    const at = reminderAt(dueAt, calendar, scan.reminderWorkingDays);
    return at !== null && Date.parse(now) >= Date.parse(at);
  };
  const nextTier = new Set(nextTierUp(audience, procedure, escalation));
  const ownerIds = new Set(audience.withDelegates(owners.all));
  const alerted = [...owners.all, ...nextTier];

  const stageDue = escalation.stageDueAt;
  if (stageDue !== null && !passed(stageDue) && reminded(stageDue)) {
    const when = () => dueWords(stageDue, calendar);
    plan("reminder", "stage", stageDue, owners.all, () => ({
      subject: `${ref}: ${name} is due by ${when()}`,
      lead:
        `${name} of escalation ${ref} is due by ${when()}. Record your discussions and what was agreed before then.` +
        (nextStage === null ? "" : ` If you cannot agree, escalate it to ${nextStage}.`),
    }));
  }
  if (stageDue !== null && passed(stageDue)) {
    const when = () => dueWords(stageDue, calendar);
    plan("alert", "stage", stageDue, alerted, (person) => ({
      subject: `Overdue: ${ref}, ${name}`,
      lead: ownerIds.has(person.id)
        ? `${name} of escalation ${ref} is overdue: it was due by ${when()}. Agree the outcome with the other agency now${nextStage === null ? "" : ", or escalate it"}.`
        : `${name} of escalation ${ref} is overdue: it was due by ${when()}. You are told as the next tier of management in an agency involved, so that you can help it move on.`,
    }));
    const promptDue = Date.parse(now) >= Date.parse(promptAt(stageDue, calendar));
    const prompting = nextStage !== null && escalation.status === "open";
    if (!prompting || promptDue) {
      finished.push({ escalationId: escalation.id, clock: `stage:${round}`, dueAt: stageDue });
    }
    if (prompting && promptDue) {
      plan("prompt", "stage", stageDue, owners.agencySides, () => ({
        subject: `${ref}: consider escalating to ${nextStage}`,
        lead: `${name} of escalation ${ref} passed its deadline at ${when()} and is still open. If the agencies cannot agree now, escalate it to ${nextStage} rather than let it wait.`,
      }));
    }
  }

  const targetDue = escalation.targetDueAt;
  if (targetDue !== null && !passed(targetDue) && reminded(targetDue)) {
    const when = () => dueWords(targetDue, calendar);
    plan("reminder", "target", targetDue, owners.all, () => ({
      subject: `${ref}: the escalation should be settled by ${when()}`,
      lead: `The procedure's timescale for settling escalation ${ref} as a whole runs out at ${when()}. Record your discussions and what was agreed before then.`,
    }));
  }
  if (targetDue !== null && passed(targetDue)) {
    finished.push({ escalationId: escalation.id, clock: "target", dueAt: targetDue });
    const when = () => dueWords(targetDue, calendar);
    plan("alert", "target", targetDue, alerted, () => ({
      subject: `Overdue: ${ref} has not been settled in time`,
      lead: `Escalation ${ref} was not settled within the procedure's timescale for the whole escalation, which ran out at ${when()}.`,
    }));
  }
  return { planned, finished };
}
