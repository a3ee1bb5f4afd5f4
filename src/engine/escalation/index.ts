export {
  currentVisit,
  type DeadlineContext,
  deadlinesOf,
  type EscalationDeadline,
  type EscalationDeadlines,
  type FollowUpCheck,
  followUpCheck,
  followUpDue,
  stageOf,
  trackOf,
  visitDeadline,
} from "./deadlines.ts";
export { decide } from "./decide.ts";
export { evolve, replay } from "./evolve.ts";
export {
  joinEvent,
  type KeptEvent,
  PERSONAL_FIELDS,
  type PersonalFields,
  personalPaths,
  REMOVED,
  splitEvent,
} from "./personal.ts";
export {
  anonymisation,
  monthsBefore,
  type RetentionRule,
  retentionCutoff,
  SERVICE_ACTOR,
} from "./retention.ts";
export {
  type Scenario,
  ScenarioSchema,
  type Simulation,
  type SimulationResult,
  scenarioErrors,
  simulate,
} from "./simulate.ts";
export type * from "./types.ts";
