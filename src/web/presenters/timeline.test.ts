import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { shipped } from "../../../test/fixtures/engine.ts";
import { calendarFor } from "../../app/procedures.ts";
import type { StoredEvent } from "../../db/escalation-store.ts";
import {
  type Actor,
  type Command,
  decide,
  type EscalationState,
  replay,
} from "../../engine/escalation/index.ts";
import { changeSentences, type TimelineContext, timelineItems } from "./timeline.ts";

const dorset = shipped("dorset");
const calendar = calendarFor(dorset);
const amina: Actor = { personId: "p-amina", agencyId: "a-school", roles: ["line-manager"] };
const tom: Actor = { personId: "p-tom", agencyId: "a-csc", roles: ["head-of-service"] };
const context: TimelineContext = {
  procedure: dorset,
  calendar,
  settings: {},
  names: {
    person: (id) => ({ "p-amina": "Amina Khan", "p-tom": "Tom Reed" })[id] ?? "Someone",
    agency: (id) =>
      ({ "a-school": "Hillside Primary School", "a-csc": "Children's Social Care" })[id] ??
      "Dorset Safeguarding Children Partnership team",
  },
};

/** Runs commands through the engine, keeping their events as the store would. */
function history(steps: { at: string; actor: Actor; command: Command }[]): StoredEvent[] {
  const events: StoredEvent[] = [];
  let state: EscalationState | null = null;
  for (const { at, actor, command } of steps) {
    const decision = decide(state, command, { procedure: dorset, calendar, now: at, actor });
    assert.ok(decision.ok, decision.ok ? "" : decision.rejection.reason);
    for (const event of decision.events) {
      events.push({
        ...event,
        escalationId: "e-1",
        version: events.length + 1,
        previousHash: "",
        hash: "",
        recordedAt: at,
      });
    }
    state = replay("e-1", events);
  }
  return events;
}

const raise: Command = {
  type: "raise",
  escalationId: "e-1",
  registration: { partnershipId: "p", reference: "DOR-2025-0001" },
  thematic: false,
  child: { reference: "JS", dateOfBirth: null, status: "child-in-need" },
  raisingAgency: "a-school",
  receivingAgencies: ["a-csc"],
  category: "referral-threshold",
  details: {
    challenged: "The referral was closed",
    tried: "Phoned the duty team",
    evidence: { kind: "gut-feeling", text: "Something is wrong at home" },
    outcomeSought: "An assessment",
    urgency: "routine",
  },
};

const events = history([
  { at: "2025-03-03T09:00:00Z", actor: amina, command: raise },
  {
    at: "2025-03-04T10:04:00Z",
    actor: tom,
    command: { type: "escalate", reason: "No progress", evidence: "Two calls unanswered" },
  },
  {
    at: "2025-03-04T11:00:00Z",
    actor: amina,
    command: {
      type: "record-discussion",
      heldAt: "2025-03-04T10:30:00Z",
      method: "phone",
      participants: "Amina and Tom",
      summary: "Talked it through",
    },
  },
  {
    at: "2025-03-04T12:00:00Z",
    actor: tom,
    command: { type: "extend-deadline", dueAt: "2025-03-14T23:59:59.999Z", reason: "Leave" },
  },
]);

describe("the timeline in plain words", () => {
  test("each event is an item saying what happened, who did it and when, in London time", () => {
    const items = timelineItems(events, context);
    assert.deepEqual(
      items.map((item) => [item.label, item.byline, item.when]),
      [
        [
          "Escalation raised with Children's Social Care",
          "Amina Khan, Hillside Primary School",
          "09:00 Mon 3 Mar 2025",
        ],
        ["Stage 1 – line managers started", null, "09:00 Mon 3 Mar 2025"],
        [
          "Escalated to Stage 2 – second-tier managers",
          "Tom Reed, Children's Social Care",
          "10:04 Tue 4 Mar 2025",
        ],
        ["Stage 2 – second-tier managers started", null, "10:04 Tue 4 Mar 2025"],
        [
          "Discussion recorded: phone, 10:30 Tue 4 Mar 2025",
          "Amina Khan, Hillside Primary School",
          "11:00 Tue 4 Mar 2025",
        ],
        [
          "Deadline extended to Fri 14 Mar 2025",
          "Tom Reed, Children's Social Care",
          "12:00 Tue 4 Mar 2025",
        ],
      ],
    );
  });

  test("a stage's item carries the deadline it had when it started, explained", () => {
    const stage2 = timelineItems(events, context)[3];
    assert.deepEqual(stage2?.details, [
      { label: "Deadline", text: "due Mon 10 Mar 2025: day one Mon 3 Mar 2025" },
    ]);
  });

  test("details keep what people wrote, and leave out what is empty", () => {
    const escalated = timelineItems(events, context)[2];
    assert.deepEqual(escalated?.details, [
      { label: "Reason", text: "No progress" },
      { label: "Evidence", text: "Two calls unanswered" },
    ]);
    const extended = timelineItems(events, context)[5];
    assert.deepEqual(extended?.details, [
      { label: "Was", text: "Mon 10 Mar 2025" },
      { label: "Reason", text: "Leave" },
    ]);
  });

  test("newest first, for the escalation's page", () => {
    const items = timelineItems(events, context, { newestFirst: true });
    assert.equal(items[0]?.label, "Deadline extended to Fri 14 Mar 2025");
    assert.equal(items.at(-1)?.label, "Escalation raised with Children's Social Care");
  });

  test("changes someone missed, as sentences: the time alone when it was today", () => {
    const changes = events.filter((event) => event.version > 2);
    assert.deepEqual(changeSentences(events, changes, context, "2025-03-04T15:00:00Z"), [
      "Tom Reed escalated it to Stage 2 – second-tier managers at 10:04",
      "Amina Khan recorded a discussion (phone) at 11:00",
      "Tom Reed extended the deadline to Fri 14 Mar 2025 at 12:00",
    ]);
    assert.deepEqual(
      changeSentences(events, changes.slice(0, 1), context, "2025-03-05T09:00:00Z"),
      ["Tom Reed escalated it to Stage 2 – second-tier managers at 10:04 on Tue 4 Mar 2025"],
    );
  });
});
