// Who may use each page and action, as a table that reads as documentation. The matrix test
// (test/integration/access-matrix.test.ts) runs every row as every kind of person against a real
// database and checks the answer, and docs/access.md is written from this table.

/** The kinds of person, by their part in the sample escalations. */
export const SUBJECTS = {
  signedOut: "Signed out",
  raiser: "Raiser (school practitioner)",
  colleague: "Raiser's colleague (school practitioner)",
  raisingManager: "School line manager",
  receivingManager: "Social care line manager",
  receivingPractitioner: "Social care practitioner",
  delegate: "Delegate of the social care line manager",
  inbox: "Member of social care's line-manager inbox",
  notParty: "Police line manager (not a party)",
  team: "Partnership business team",
  administrator: "Administrator",
  stranger: "Line manager in another partnership",
} as const;

export type SubjectKey = keyof typeof SUBJECTS;

export interface AccessRow {
  /** What the row is about, in words. */
  what: string;
  method: "GET" | "POST";
  /** The path; `:stage1`, `:stage3` and `:resolved` stand for the sample escalations' ids. */
  path: string;
  /** Who is allowed; everyone else is refused. */
  allow: readonly SubjectKey[];
  /** Why, in a sentence. */
  why: string;
}

const everyoneSignedIn: SubjectKey[] = (Object.keys(SUBJECTS) as SubjectKey[]).filter(
  (key) => key !== "signedOut",
);
const inAnAgency: SubjectKey[] = everyoneSignedIn.filter(
  (key) => key !== "team" && key !== "administrator",
);
const workingStage1: SubjectKey[] = ["raisingManager", "receivingManager", "delegate", "inbox"];

/**
 * The sample escalations: `:stage1` raised by the school practitioner against children's social
 * care, at Dorset's stage 1 (line managers); `:stage3` raised the same way and taken to stage 3
 * (heads of service) by the school line manager; `:resolved` raised the same way and resolved at
 * stage 1 by the two line managers, its follow-up check due today.
 */
export const ACCESS: readonly AccessRow[] = [
  {
    what: "Health check",
    method: "GET",
    path: "/health",
    allow: ["signedOut", ...everyoneSignedIn],
    why: "Load balancers ask it before anyone signs in; it says nothing about escalations.",
  },
  {
    what: "Your work",
    method: "GET",
    path: "/your-work",
    allow: everyoneSignedIn,
    why: "Everyone signed in has one; it lists only what they may see.",
  },
  {
    what: "The log",
    method: "GET",
    path: "/log",
    allow: everyoneSignedIn,
    why: "Everyone signed in has one; it lists only what they may see.",
  },
  {
    what: "The partnership's figures",
    method: "GET",
    path: "/partnership/figures",
    allow: ["team"],
    why: "The partnership team's: counts of every escalation, those not routed to it included, and nothing else.",
  },
  {
    what: "Raise an escalation",
    method: "GET",
    path: "/raise/triage/immediate-risk",
    allow: inAnAgency,
    why: "Escalations are raised for an agency; the partnership team and administrators have none.",
  },
  {
    what: "An escalation at stage 1",
    method: "GET",
    path: "/escalations/:stage1",
    allow: ["raiser", ...workingStage1],
    why: "The raiser, and the parties' people at or above the stage's tier (line managers), including those acting for one.",
  },
  {
    what: "Its record for the child's file",
    method: "GET",
    path: "/escalations/:stage1/record",
    allow: ["raiser", ...workingStage1],
    why: "Whoever may see the escalation.",
  },
  {
    what: "Record a discussion at stage 1",
    method: "POST",
    path: "/escalations/:stage1/record-discussion",
    allow: ["raiser", ...workingStage1],
    why: "The raiser and the people working the stage.",
  },
  {
    what: "Escalate from stage 1",
    method: "POST",
    path: "/escalations/:stage1/escalate",
    allow: workingStage1,
    why: "Only the people working the stage; the raiser asks their line manager.",
  },
  {
    what: "Withdraw at stage 1",
    method: "POST",
    path: "/escalations/:stage1/withdraw",
    allow: ["raiser", "raisingManager"],
    why: "The raiser, or the raising agency's people working the stage.",
  },
  {
    what: "An escalation at stage 3",
    method: "GET",
    path: "/escalations/:stage3",
    allow: ["raiser", "raisingManager", "team"],
    why: "Line managers who took no part drop out above their tier; the procedure routes stage 3 to the partnership team.",
  },
  {
    what: "Escalate from stage 3",
    method: "POST",
    path: "/escalations/:stage3/escalate",
    allow: [],
    why: "Heads of service work stage 3; none of these people is one. The team oversees and never adjudicates.",
  },
  {
    what: "Answer the follow-up check of a resolution",
    method: "POST",
    path: "/escalations/:resolved/follow-up",
    allow: ["raiser", ...workingStage1],
    why: "On its day: the raiser, and either side's people at or above the tier of the stage it was resolved at, including those acting for one.",
  },
  {
    what: "Your account",
    method: "GET",
    path: "/account",
    allow: everyoneSignedIn,
    why: "Everyone manages their own sign-in.",
  },
  {
    what: "Your notifications",
    method: "GET",
    path: "/notifications",
    allow: everyoneSignedIn,
    why: "Everyone signed in has them; each sees only messages to them.",
  },
  {
    what: "The demo mailbox",
    method: "GET",
    path: "/demo/mailbox",
    allow: everyoneSignedIn,
    why: "In demo mode, as here, everyone signed in reads their partnership's emails; otherwise it is not there.",
  },
  {
    what: "Name a delegate for an absence",
    method: "GET",
    path: "/delegation",
    allow: everyoneSignedIn,
    why: "Anyone may be away.",
  },
  ...["agencies", "people", "inboxes", "settings", "outbox", "history", "single-sign-on"].map(
    (section): AccessRow => ({
      what: `Administration: ${section.replace(/-/g, " ")}`,
      method: "GET",
      path: `/admin/${section}`,
      allow: ["administrator"],
      why: "Administrators only; administration gives no sight of children's details.",
    }),
  ),
  {
    what: "Administration: extra bank holidays",
    method: "POST",
    path: "/admin/settings/holidays",
    allow: ["administrator"],
    why: "Administrators only: a day added moves every running deadline of the partnership.",
  },
  {
    what: "Administration: record of views",
    method: "GET",
    path: "/admin/views",
    allow: ["administrator"],
    why: "Administrators only: who was shown which escalation's child details, and when, never the details.",
  },
];

/** The table as Markdown, for docs/access.md. */
export function accessMarkdown(): string {
  const keys = Object.keys(SUBJECTS) as SubjectKey[];
  const lines = [
    "# Who may use what",
    "",
    "Generated from `test/access/matrix.ts` by `npm run docs:access`; `npm test` fails when this",
    "file and the table disagree, and runs every row as every kind of person against a real",
    "database (`test/integration/access-matrix.test.ts`). The rules themselves are in",
    "`src/engine/policy/`; PostgreSQL's row-level security applies the same visibility again.",
    "",
    "The sample escalations are Dorset's: one at stage 1 (line managers), raised by a school",
    "practitioner against children's social care, and one taken to stage 3 (heads of service) by",
    "the school's line manager; and one resolved at stage 1 by the two line managers, whose",
    "follow-up check is due. ✓ allowed, — refused (a page that is not there for them, or",
    '"You do not have access"; signed-out visitors are sent to sign in).',
    "",
    "| Kind of person | Key |",
    "| --- | --- |",
    ...keys.map((key, index) => `| ${SUBJECTS[key]} | ${index + 1} |`),
    "",
    `| What | Request | ${keys.map((_key, index) => String(index + 1)).join(" | ")} | Why |`,
    `| --- | --- | ${keys.map(() => ":-:").join(" | ")} | --- |`,
    ...ACCESS.map(
      (row) =>
        `| ${row.what} | \`${row.method} ${row.path}\` | ${keys
          .map((key) => (row.allow.includes(key) ? "✓" : "—"))
          .join(" | ")} | ${row.why} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
