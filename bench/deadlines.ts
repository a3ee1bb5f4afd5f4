// Computes the deadlines of 100,000 open escalations spread over the five shipped procedures,
// 2018–2030, at every stage of their general tracks. Run: npm run bench:deadlines [-- COUNT]
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { calendarFor, loadProcedureLibrary } from "../src/app/procedures.ts";
import type { Calendar } from "../src/engine/calendar/index.ts";
import {
  type Actor,
  deadlinesOf,
  decide,
  type EscalationState,
  evolve,
} from "../src/engine/escalation/index.ts";
import type { Procedure } from "../src/engine/procedure/schema.ts";

const count = Number(process.argv[2] ?? 100_000);
const procedures = [...loadProcedureLibrary().procedures.values()];
const calendars = new Map<string, Calendar>(procedures.map((p) => [p.id, calendarFor(p)]));
const raiser: Actor = { personId: "p", agencyId: "school", roles: [] };

function build(index: number): { state: EscalationState; procedure: Procedure } {
  const procedure = procedures[index % procedures.length] as Procedure;
  const calendar = calendars.get(procedure.id) as Calendar;
  const actor = { ...raiser, roles: procedure.roles.map((role) => role.id) };
  // A raise somewhere in 2018–2030, at any hour, so weekends, holidays and clock changes all occur.
  const raisedAt = new Date(
    Date.UTC(2018, 0, 1) + ((index * 3_937_129_000) % 410_000_000_000),
  ).toISOString();
  const category =
    procedure.tracks.general?.categories?.[0] ??
    procedure.categories.find((c) => c.thematic !== true)?.id ??
    "";
  let state: EscalationState | null = null;
  let now = raisedAt;
  const apply = (command: Parameters<typeof decide>[1]) => {
    const decision = decide(state, command, { procedure, calendar, now, actor });
    if (!decision.ok) throw new Error(decision.rejection.reason);
    for (const event of decision.events) state = evolve(state, event, `esc-${index}`);
  };
  apply({
    type: "raise",
    escalationId: `esc-${index}`,
    registration: { partnershipId: procedure.id, reference: `B-${index}` },
    thematic: false,
    child: { reference: "AB", dateOfBirth: null, status: "cp-plan" },
    raisingAgency: "school",
    receivingAgencies: ["csc"],
    category,
    details: {
      challenged: "c",
      tried: "t",
      evidence: { kind: "evidence", text: "e" },
      outcomeSought: "o",
      urgency: "routine",
    },
  });
  const stages = procedure.tracks.general?.stages.length ?? 1;
  for (let step = 0; step < index % stages; step++) {
    now = new Date(Date.parse(now) + 86_400_000).toISOString();
    apply({ type: "escalate", reason: "r", evidence: "e" });
  }
  return { state: state as unknown as EscalationState, procedure };
}

const buildStart = performance.now();
const escalations = Array.from({ length: count }, (_, index) => build(index));
const buildMs = performance.now() - buildStart;

const start = performance.now();
let withDueDate = 0;
for (const { state, procedure } of escalations) {
  const deadlines = deadlinesOf(state, {
    procedure,
    calendar: calendars.get(procedure.id) as Calendar,
  });
  if (deadlines.stage.dueAt !== null) withDueDate++;
}
const ms = performance.now() - start;

console.log(
  JSON.stringify(
    {
      escalations: count,
      withStageDueDate: withDueDate,
      buildMs: Math.round(buildMs),
      deadlinesMs: Math.round(ms),
      microsecondsPerEscalation: Number(((ms * 1000) / count).toFixed(1)),
      escalationsPerSecond: Math.round(count / (ms / 1000)),
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: cpus().length,
    },
    null,
    2,
  ),
);
