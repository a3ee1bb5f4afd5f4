// Who may see and do what: pure functions of the person, their roles, their agency and their
// part in an escalation. The web layer asks here for every route and every action it offers;
// PostgreSQL's row-level security enforces the same visibility underneath
// (src/db/migrations/0007_access-policy.sql), from the `Visibility` computed here.
export { type ActionType, availableActions, type Offered } from "./actions.ts";
export { maySeeFigures, SMALLEST_SHOWN, shownCount } from "./figures.ts";
export { mayReadDemoMailbox, mayReadMessage, mayReadOutbox } from "./messages.ts";
export {
  ADMINISTRATOR,
  type Capacity,
  mayAdminister,
  mayRaise,
  type PolicyPerson,
  type Subject,
  subjectOf,
} from "./subject.ts";
export {
  type EscalationFacts,
  factsOf,
  maySee,
  stageKey,
  stageTier,
  type Visibility,
  visibilityOf,
  visibleTo,
} from "./visibility.ts";
