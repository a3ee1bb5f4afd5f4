import { type Static, type TSchema, Type } from "@sinclair/typebox";

// The shape of a partnership's procedure definition. schemas/procedure.schema.json is generated
// from this, so every description here is what a partnership administrator sees in their editor.

const strict = { additionalProperties: false } as const;

const Id = (description: string) =>
  Type.String({ pattern: "^[a-z][a-z0-9-]*$", maxLength: 80, description });

const Text = (description: string) => Type.String({ minLength: 1, description });

const Ids = (description: string) => Type.Array(Id(description), { uniqueItems: true });

export const CHILD_STATUSES = ["cp-plan", "child-in-need", "looked-after", "none"] as const;
const ChildStatus = Type.Union(
  CHILD_STATUSES.map((status) => Type.Literal(status)),
  {
    description:
      "The child's status: cp-plan (subject to a child protection plan), child-in-need, looked-after, none.",
  },
);

export const DISCUSSION_METHODS = ["phone", "face-to-face", "virtual-meeting", "email"] as const;
const DiscussionMethod = Type.Union(DISCUSSION_METHODS.map((method) => Type.Literal(method)));

const CLOCK_STARTS = ["raised", "stage-entered", "partnership-notified"] as const;
const ClockStart = Type.Union(
  CLOCK_STARTS.map((start) => Type.Literal(start)),
  {
    description:
      "When the clock starts: raised (when the escalation was first raised; cumulative across stages), stage-entered (when this stage, or this round of a repeating stage, began), partnership-notified (when this stage's entry notification went to a partnership role).",
  },
);

const Note = Type.Optional(Text("Why the timescale is what it is, in words for the reader."));

const WorkingDaysDeadline = Type.Object(
  {
    workingDays: Type.Integer({
      minimum: 0,
      maximum: 260,
      description: "How many working days. 0 means by the end of the same working day.",
    }),
    counting: Type.Union([Type.Literal("after"), Type.Literal("day-one")], {
      description:
        "after: day 1 is the first working day after the clock starts. day-one: the day the clock starts is Day One when it is a working day.",
    }),
    from: ClockStart,
    note: Note,
  },
  { ...strict, description: "A number of working days on the partnership's calendar." },
);

const HoursDeadline = Type.Object(
  {
    hours: Type.Integer({ minimum: 1, maximum: 8760, description: "Exact elapsed hours." }),
    from: ClockStart,
    note: Note,
  },
  { ...strict, description: "An exact number of hours, counted around the clock." },
);

const CalendarDaysDeadline = Type.Object(
  {
    calendarDays: Type.Integer({ minimum: 1, maximum: 366, description: "Calendar days." }),
    from: ClockStart,
    note: Note,
  },
  { ...strict, description: "Calendar days, weekends and bank holidays included." },
);

const OpenDeadline = Type.Object(
  {
    setting: Id("The id of a timescale setting (under settings) the partnership fills in."),
    note: Text("What the source says, and why it gives no number."),
  },
  {
    ...strict,
    description:
      "The source leaves this timescale open: the partnership sets it. Until it does, no due date is computed.",
  },
);

export const DEADLINE_VARIANTS = [
  { key: "workingDays", schema: WorkingDaysDeadline },
  { key: "hours", schema: HoursDeadline },
  { key: "calendarDays", schema: CalendarDaysDeadline },
  { key: "setting", schema: OpenDeadline },
] as const;

const Deadline = Type.Union(
  DEADLINE_VARIANTS.map((variant) => variant.schema),
  { description: "A timescale: workingDays, hours, calendarDays, or an open setting." },
);

const TimescaleSetting = Type.Object(
  {
    id: Id("How deadlines refer to this setting."),
    name: Text("What the setting is, for the administrator."),
    description: Text("What the source says and what the partnership should decide."),
    rule: Type.Union([Type.Literal("working-days-after"), Type.Literal("hours-after")], {
      description: "How a value is counted from the stage's clock start.",
    }),
    from: ClockStart,
    value: Type.Union([Type.Integer({ minimum: 0, maximum: 260 }), Type.Null()], {
      description: "null until the partnership decides; then the number of days or hours.",
    }),
  },
  strict,
);

/** Resolve's own follow-up check, for a definition that sets none: about four weeks. */
export const DEFAULT_FOLLOW_UP_WORKING_DAYS = 20;

const FollowUp = Type.Object(
  {
    workingDays: Type.Integer({
      minimum: 1,
      maximum: 260,
      description:
        "How many working days after a resolution is confirmed the check falls due: day 1 is the first working day after.",
    }),
    note: Note,
  },
  {
    ...strict,
    description: `The follow-up check after a resolution: whether the agreed actions happened; "no" reopens the escalation. Without it, the check falls due ${DEFAULT_FOLLOW_UP_WORKING_DAYS} working days after.`,
  },
);

const Role = Type.Object(
  {
    id: Id("How stages refer to this role."),
    name: Text("The role as people in the partnership name it."),
    level: Type.Union(
      [Type.Literal("agency"), Type.Literal("partnership"), Type.Literal("independent")],
      {
        description:
          "agency: held in each member agency; partnership: the partnership's own team; independent: someone outside the agencies in dispute.",
      },
    ),
    tier: Type.Integer({
      minimum: 1,
      maximum: 9,
      description: "Seniority within an agency, 1 = practitioner. Higher tiers see lower stages.",
    }),
    description: Type.Optional(Text("Who holds the role, in the partnership's words.")),
  },
  strict,
);

const Category = Type.Object(
  {
    id: Id("How escalations record the category."),
    name: Text("The category as shown to people raising."),
    description: Type.Optional(Text("Examples, to help people choose.")),
    thematic: Type.Optional(
      Type.Boolean({ description: "Only for thematic escalations (no child)." }),
    ),
  },
  strict,
);

const Exclusion = Type.Object(
  {
    id: Id("The triage question's id."),
    question: Text("A yes/no question asked before raising."),
    hint: Type.Optional(Text("Help text under the question.")),
    redirect: Text("What to do instead when the answer is yes."),
    contact: Type.Optional(Text("Who to contact.")),
    thenContinue: Type.Boolean({
      description:
        "true when the person should come back and raise after acting (e.g. immediate risk).",
    }),
  },
  strict,
);

const Actor = Type.Object(
  {
    side: Type.Union(
      [
        Type.Literal("raising"),
        Type.Literal("receiving"),
        Type.Literal("partnership"),
        Type.Literal("independent"),
      ],
      { description: "Which side acts: the raising agency, the receiving agency, or neither." },
    ),
    role: Id("A role declared under roles."),
    does: Type.Optional(Text("What this person does at this stage.")),
  },
  strict,
);

const Notification = Type.Object(
  {
    role: Id("A role declared under roles."),
    when: Type.Optional(
      Type.Object(
        {
          childStatus: Type.Array(ChildStatus, {
            minItems: 1,
            uniqueItems: true,
            description: "Only when the child's status is one of these.",
          }),
        },
        strict,
      ),
    ),
    note: Type.Optional(Text("Why they are told.")),
  },
  strict,
);

const OUTCOMES = ["escalate", "resolve", "close-with-disagreement"] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

const Outcome = Type.Object(
  {
    outcome: Type.Union(
      OUTCOMES.map((outcome) => Type.Literal(outcome)),
      {
        description:
          "escalate (to another stage), resolve (agreed outcome, confirmed by the other side), close-with-disagreement (positions recorded; the plan continues).",
      },
    ),
    to: Type.Optional(Id("For escalate: the id of the stage it leads to, in the same track.")),
    label: Type.Optional(Text("What the outcome is called at this stage.")),
  },
  strict,
);

const Composition = Type.Object(
  {
    role: Id("The role that convenes or runs the stage."),
    description: Text("Who sits on it, in words."),
    minimumAgencies: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 20, description: "How many member agencies at least." }),
    ),
    includesParties: Type.Optional(
      Type.Boolean({ description: "The agencies in dispute must be among them." }),
    ),
    independentOfParties: Type.Optional(
      Type.Boolean({ description: "Must come from an agency not involved." }),
    ),
  },
  strict,
);

const Clock = Type.Object(
  {
    id: Id("The clock's id within the stage."),
    name: Text("What must happen by then."),
    side: Type.Optional(
      Type.Union([Type.Literal("raising"), Type.Literal("receiving"), Type.Literal("partnership")]),
    ),
    deadline: Deadline,
  },
  strict,
);

const Stage = Type.Object(
  {
    id: Id("The stage's id: stage-1, stage-2, … for general tracks, in the source's order."),
    name: Text("The stage's name."),
    summary: Text("What happens at this stage, in plain words."),
    actors: Type.Array(Actor, { minItems: 1, description: "Who acts at this stage." }),
    deadline: Type.Optional(Deadline),
    clocks: Type.Optional(
      Type.Array(Clock, { description: "Each side's own steps inside the stage." }),
    ),
    childSafetyOverride: Type.Optional(
      Type.Boolean({
        description:
          "The person raising or escalating may set an earlier due time that protects the child; the earlier wins.",
      }),
    ),
    repeats: Type.Optional(
      Type.Object(
        {
          description: Text("What each round is (e.g. the next management tier)."),
          maxRounds: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 })),
          escalateOnRound: Type.Optional(
            Type.Integer({
              minimum: 2,
              maximum: 20,
              description: "Reaching this round escalates automatically.",
            }),
          ),
        },
        strict,
      ),
    ),
    evidenceToEscalate: Type.Optional(
      Text("What must be recorded before this stage can be escalated."),
    ),
    notifyOnEntry: Type.Optional(Type.Array(Notification)),
    notifyOnOutcome: Type.Optional(Type.Array(Notification)),
    composition: Type.Optional(Composition),
    partnershipOversight: Type.Optional(
      Type.Boolean({ description: "The partnership team sees escalations at this stage." }),
    ),
    outcomes: Type.Array(Outcome, { minItems: 1, description: "How the stage can be left." }),
  },
  strict,
);

const Entry = Type.Object(
  {
    id: Id("The entry's id."),
    stage: Id("The stage an escalation raised this way starts at."),
    description: Text("When this entry applies."),
    default: Type.Optional(Type.Boolean({ description: "The usual entry for this track." })),
    thematic: Type.Optional(
      Type.Boolean({ description: "The entry for thematic escalations (no child)." }),
    ),
    roles: Type.Optional(Ids("Only people holding one of these roles may raise this way.")),
  },
  strict,
);

const Target = Type.Object(
  {
    name: Text("What the whole-escalation target is."),
    deadline: Deadline,
    childSafetyOverride: Type.Optional(Type.Boolean()),
  },
  strict,
);

const Track = Type.Object(
  {
    name: Text("The kind of matter."),
    summary: Text("When to use this track."),
    categories: Type.Optional(Ids("The categories offered on this track (default: all).")),
    entries: Type.Array(Entry, { minItems: 1 }),
    stages: Type.Array(Stage, { minItems: 1 }),
    target: Type.Optional(Target),
  },
  strict,
);

const Guidance = Type.Object(
  {
    principles: Type.Array(Text("A principle."), { minItems: 1 }),
    recording: Type.Optional(Type.Array(Text("What to record and where."))),
    avoidTerms: Type.Optional(
      Type.Array(
        Type.Object(
          { term: Text("A word to avoid."), instead: Text("What to say instead."), reason: Note },
          strict,
        ),
      ),
    ),
    discouragedMethods: Type.Optional(
      Type.Array(
        Type.Object({ method: DiscussionMethod, reason: Text("Why it is discouraged.") }, strict),
      ),
    ),
    scenarios: Type.Optional(
      Type.Array(
        Type.Object({ title: Text("A short title."), summary: Text("What happened.") }, strict),
      ),
    ),
    sampleWording: Type.Optional(Type.Array(Text("A way to open a challenge."))),
    learning: Type.Optional(Type.Array(Text("How the partnership learns from escalations."))),
  },
  strict,
);

export const ProcedureSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id("The procedure's id, e.g. dorset."),
    partnership: Text("The partnership's name."),
    title: Text("The procedure's title."),
    version: Text("This definition's version. Escalations keep the version they started under."),
    source: Type.Object(
      {
        document: Text("The source document."),
        published: Text("The source's own version or date."),
        gaps: Type.Optional(Type.Array(Text("What the source leaves open."))),
      },
      strict,
    ),
    calendar: Type.Object(
      {
        nation: Type.Union(
          [
            Type.Literal("england-and-wales"),
            Type.Literal("scotland"),
            Type.Literal("northern-ireland"),
          ],
          { description: "Whose bank holidays count." },
        ),
        closeOfBusiness: Type.Union(
          [Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" }), Type.Null()],
          { description: "HH:MM, or null for the end of the day." },
        ),
      },
      strict,
    ),
    roles: Type.Array(Role, { minItems: 1 }),
    categories: Type.Array(Category, { minItems: 1 }),
    exclusions: Type.Array(Exclusion),
    deadlineExtension: Type.Object(
      {
        roles: Ids("Roles that may extend or pause a deadline, giving a reason."),
        note: Type.Optional(Text("Why these roles.")),
      },
      strict,
    ),
    settings: Type.Optional(Type.Array(TimescaleSetting)),
    followUp: Type.Optional(FollowUp),
    guidance: Guidance,
    tracks: Type.Record(Type.String({ pattern: "^[a-z][a-z0-9-]*$" }), Track, {
      description: "The kinds of matter the procedure handles; every procedure has general.",
    }),
  },
  { ...strict, $id: "https://resolve.example/schemas/procedure.schema.json" },
);

export type Procedure = Static<typeof ProcedureSchema>;
export type Track = Procedure["tracks"][string];
export type Stage = Track["stages"][number];
export type Deadline = Static<typeof Deadline>;
export type ChildStatus = (typeof CHILD_STATUSES)[number];
export type ClockStart = (typeof CLOCK_STARTS)[number];
export type DiscussionMethod = (typeof DISCUSSION_METHODS)[number];

/** The JSON Schema published for editors, with a title and the draft it follows. */
export function procedureJsonSchema(): TSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Resolve procedure definition",
    ...ProcedureSchema,
  };
}
