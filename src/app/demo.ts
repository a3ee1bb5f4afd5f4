import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "../db/client.ts";
import {
  type Agency,
  insertAgency,
  insertPartnership,
  insertPerson,
  listPartnerships,
  type Person,
} from "../db/directory.ts";
import type { SECTORS } from "../db/schema.ts";
import { type Calendar, formatDate, type IsoDate, isInstant } from "../engine/calendar/index.ts";
import { LONDON, londonDate } from "../engine/calendar/instant.ts";
import {
  type Command,
  currentVisit,
  type EscalationState,
  evolve,
  type Positions,
  type RaiseDetails,
  stageOf,
} from "../engine/escalation/index.ts";
import { ADMINISTRATOR } from "../engine/policy/index.ts";
import type {
  ChildStatus,
  DiscussionMethod,
  Procedure,
  Stage,
  Track,
} from "../engine/procedure/schema.ts";
import type { AdminDeps } from "./admin/changes.ts";
import { addDelegation } from "./admin/delegations.ts";
import { addInbox, setInboxMembers } from "./admin/inboxes.ts";
import {
  actOnEscalation,
  actorOf,
  type EscalationDeps,
  loadEscalation,
  raiseEscalation,
} from "./escalations.ts";
import { procedureStore, registerProcedures } from "./procedure-registry.ts";
import { calendarOf, loadProcedureLibrary } from "./procedures.ts";

// The demo partnership that `npm start` shows on an empty database: agencies, a person to sign in
// as for every role, and a dozen escalations made through the same use cases as the web service,
// with the clock set step by step, so their histories and read models are real.

export interface SeedDemoOptions {
  /** One of the shipped procedures: dorset, northamptonshire, suffolk, city-and-hackney, sefton. */
  procedureId: string;
  /** The instant the demo is seeded "at": the escalations are dated relative to it. */
  now: string;
  newId?: () => string;
}

/**
 * Seeds a demo partnership, but only into a database that holds no partnership at all: seeding
 * never touches a database that already has data. All of it is saved in one transaction.
 */
export async function seedDemo(
  db: Database,
  options: SeedDemoOptions,
): Promise<{ seeded: boolean; partnershipId: string | null }> {
  if (!isInstant(options.now)) throw new Error(`"${options.now}" is not an ISO 8601 instant`);
  const library = loadProcedureLibrary();
  const procedure = library.procedures.get(options.procedureId);
  if (procedure === undefined) {
    throw new Error(
      `There is no shipped procedure "${options.procedureId}". Choose one of: ${[...library.procedures.keys()].join(", ")}.`,
    );
  }
  const newId = options.newId ?? randomUUID;
  return db.transaction(async (tx) => {
    // Two instances starting on one empty database: the second waits, then finds the demo there.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('resolve-seed-demo'))`);
    if ((await listPartnerships(tx)).length > 0) return { seeded: false, partnershipId: null };
    await registerProcedures(tx, library.procedures.values());
    const directory = await createDirectory(tx, procedure, newId);
    await administerDemo({ db: tx, now: () => options.now, newId }, directory, procedure);
    let clock = options.now;
    const deps: EscalationDeps = {
      db: tx,
      procedures: procedureStore(tx),
      actingFor: "system",
      now: () => clock,
      newId,
    };
    const timeline = new DemoTimeline(options.now, calendarOf(directory.partnership));
    const steps = DEMO_ESCALATIONS.flatMap((demo, index) =>
      planEscalation(demo, index, procedure, directory, timeline),
    ).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
    for (const step of steps) {
      clock = step.at;
      await step.run(deps);
    }
    return { seeded: true, partnershipId: directory.partnership.id };
  });
}

// ---------------------------------------------------------------------------------------------
// Agencies and people

type Sector = (typeof SECTORS)[number];
type AgencyKey =
  | "socialCare"
  | "police"
  | "health"
  | "primary"
  | "secondary"
  | "earlyYears"
  | "voluntary";

interface DemoAgency {
  key: AgencyKey;
  sector: Sector;
  name: (place: string, procedureId: string) => string;
  /** Job titles by tier, 1 (practitioner) to 5 (senior leader). */
  titles: readonly [string, string, string, string, string];
  /** The highest tier of staff the demo gives the agency: front-line agencies stop at 2. */
  upToTier: number;
}

const POLICE_FORCES: Record<string, string> = {
  suffolk: "Suffolk Constabulary",
  "city-and-hackney": "Metropolitan Police, Central East",
  sefton: "Merseyside Police",
};

const AGENCIES: readonly DemoAgency[] = [
  {
    key: "socialCare",
    sector: "childrens-social-care",
    name: (place) => `${place} Children's Social Care`,
    titles: [
      "Social worker, Front Door",
      "Team manager, Front Door",
      "Service manager, Children in Need",
      "Head of service, Safeguarding and Family Support",
      "Director of children's services",
    ],
    upToTier: 5,
  },
  {
    key: "police",
    sector: "police",
    name: (place, procedureId) => POLICE_FORCES[procedureId] ?? `${place} Police`,
    titles: [
      "Detective constable, Child Abuse Investigation Team",
      "Detective sergeant, Public Protection Unit",
      "Detective inspector, Public Protection",
      "Detective chief inspector, Safeguarding",
      "Detective superintendent, Safeguarding",
    ],
    upToTier: 5,
  },
  {
    key: "health",
    sector: "health",
    name: (place) => `${place} Community Health NHS Trust`,
    titles: [
      "Health visitor",
      "Named nurse for safeguarding children",
      "Safeguarding lead, Children's Community Services",
      "Head of safeguarding",
      "Director of nursing and quality",
    ],
    upToTier: 5,
  },
  {
    key: "primary",
    sector: "education",
    name: () => "Hillside Primary School",
    titles: [
      "Class teacher, Year 4",
      "Designated safeguarding lead",
      "Deputy headteacher",
      "Headteacher",
      "Chief executive, Hillside Learning Trust",
    ],
    upToTier: 5,
  },
  {
    key: "secondary",
    sector: "education",
    name: () => "Riverside Academy",
    titles: [
      "Head of Year 9",
      "Designated safeguarding lead",
      "Deputy headteacher",
      "Principal",
      "Chief executive, Riverside Academies Trust",
    ],
    upToTier: 2,
  },
  {
    key: "earlyYears",
    sector: "early-years",
    name: () => "Little Acorns Day Nursery",
    titles: [
      "Key person, pre-school room",
      "Nursery manager and safeguarding lead",
      "Area manager",
      "Operations director",
      "Managing director",
    ],
    upToTier: 2,
  },
  {
    key: "voluntary",
    sector: "voluntary",
    name: () => "Harbour Family Support",
    titles: [
      "Young carers worker",
      "Service coordinator",
      "Service manager",
      "Head of services",
      "Chief executive",
    ],
    upToTier: 2,
  },
];

/** Agency-level roles that only children's social care holds, with its holder's job title. */
const SOCIAL_CARE_ROLES: Record<string, string> = {
  "cp-chair": "Child protection conference chair",
  "conference-chair": "Child protection conference chair",
  iro: "Independent reviewing officer",
  "la-safeguarding-manager": "Safeguarding manager, Safeguarding and Reviewing Unit",
  "cyps-practice-manager": "Practice manager, Children and Young People's Services",
  "cyps-service-manager": "Service manager, Children and Young People's Services",
  "head-of-safeguarding": "Head of Safeguarding, Children and Young People's Services",
  mash: "Senior practitioner, Multi-Agency Safeguarding Hub",
};

/** Job titles for the partnership's own and independent roles; others take the role's name. */
const PARTNERSHIP_TITLES: Record<string, string> = {
  "partnership-business-team": "Partnership business manager",
  "business-office": "Business office coordinator",
  "strategic-lead": "Strategic lead for safeguarding (mediator)",
  "chscp-team": "Partnership business support officer",
  commissioner: "Independent Child Safeguarding Commissioner",
  "lscb-business": "LSCB business manager",
  "lscb-chair": "Independent chair of the LSCB",
  "lscb-subcommittee": "Chair, case review sub-committee",
};

const NAMES = [
  "Priya Shah",
  "Tom Reed",
  "Grace Okafor",
  "Daniel Hughes",
  "Sarah Whitfield",
  "Imran Hussain",
  "Claire Dawson",
  "Mark Pearson",
  "Aisha Bello",
  "Rebecca Lloyd",
  "James Carter",
  "Helen Moss",
  "Kwame Mensah",
  "Laura Bennett",
  "Chris Nolan",
  "Fatima Rahman",
  "Jo Mitchell",
  "Owen Price",
  "Nadia Kowalski",
  "Peter Grant",
  "Emma Sutton",
  "Ravi Patel",
  "Lucy Harding",
  "Sam O'Neill",
  "Hannah Greaves",
  "David Osei",
  "Megan Ellis",
  "Ben Taylor",
  "Ruth Adeyemi",
  "Gareth Evans",
  "Katie Marsh",
  "Yusuf Ali",
  "Naomi Fraser",
  "Ian Crowther",
  "Zainab Ahmed",
  "Phil Rowe",
  "Sophie Lambert",
  "Marcus Green",
  "Joanne Kerr",
  "Tariq Mahmood",
  "Alison Webb",
  "Neil Sharma",
  "Bethany Cole",
  "Simon Ward",
  "Eleanor Quinn",
  "Dev Chauhan",
  "Maria Costa",
  "Andrew Fleming",
] as const;

/** Prefixes for escalation references; other procedures take the first letters of their id. */
const REFERENCE_PREFIXES: Record<string, string> = {
  dorset: "DOR",
  northamptonshire: "NTH",
  suffolk: "SUF",
  "city-and-hackney": "CHK",
  sefton: "SEF",
};

/** A person on an agency's ladder of seniority, by the tier of their job. */
interface Staff {
  person: Person;
  tier: number;
}

interface Directory {
  partnership: Awaited<ReturnType<typeof insertPartnership>>;
  agencies: Map<AgencyKey, Agency>;
  /** Each agency's staff on its ladder, most junior first. */
  staff: Map<AgencyKey, Staff[]>;
  /** Everyone, for the roles held outside the ladders. */
  people: Person[];
}

async function createDirectory(
  db: Database,
  procedure: Procedure,
  newId: () => string,
): Promise<Directory> {
  const place = procedure.partnership.replace(/ Safeguarding Children (Partnership|Board)$/, "");
  const partnership = await insertPartnership(db, {
    id: newId(),
    name: `${procedure.partnership} (demo)`,
    procedureId: procedure.id,
    procedureVersion: procedure.version,
    nation: procedure.calendar.nation,
    closeOfBusiness: procedure.calendar.closeOfBusiness,
    timescaleSettings: demoTimescales(procedure),
    referencePrefix: REFERENCE_PREFIXES[procedure.id] ?? procedure.id.slice(0, 3).toUpperCase(),
  });
  const names = nameGiver();
  const people: Person[] = [];
  const addPerson = async (agencyId: string | null, jobTitle: string, roles: string[]) => {
    const name = names();
    const person = await insertPerson(db, {
      id: newId(),
      partnershipId: partnership.id,
      agencyId,
      name,
      email: `${name
        .toLowerCase()
        .replace(/[^a-z ]/g, "")
        .replaceAll(" ", ".")}@demo.resolve.test`,
      jobTitle,
      passwordHash: null,
      demo: true,
      roles,
    });
    people.push(person);
    return person;
  };

  const agencyRoles = procedure.roles.filter((role) => role.level === "agency");
  const ladderRoles = agencyRoles.filter((role) => SOCIAL_CARE_ROLES[role.id] === undefined);
  const tiers = [...new Set(ladderRoles.map((role) => role.tier))].sort((a, b) => a - b);
  const agencies = new Map<AgencyKey, Agency>();
  const staff = new Map<AgencyKey, Staff[]>();
  for (const demo of AGENCIES) {
    const agency = await insertAgency(db, {
      id: newId(),
      partnershipId: partnership.id,
      name: demo.name(place, procedure.id),
      sector: demo.sector,
    });
    agencies.set(demo.key, agency);
    // Roles of the same tier (Suffolk's designated lead and senior manager) go to one person.
    const ladder: Staff[] = [];
    for (const tier of tiers.filter((candidate) => candidate <= demo.upToTier)) {
      const roles = ladderRoles.filter((role) => role.tier === tier).map((role) => role.id);
      const title = demo.titles[Math.min(tier, demo.titles.length) - 1] ?? demo.titles[0];
      ladder.push({ person: await addPerson(agency.id, title, roles), tier });
    }
    if (demo.key === "socialCare") {
      for (const role of agencyRoles.filter((r) => SOCIAL_CARE_ROLES[r.id] !== undefined)) {
        await addPerson(agency.id, SOCIAL_CARE_ROLES[role.id] ?? role.name, [role.id]);
      }
    }
    staff.set(demo.key, ladder);
  }
  for (const role of procedure.roles.filter((r) => r.level !== "agency")) {
    await addPerson(null, PARTNERSHIP_TITLES[role.id] ?? role.name, [role.id]);
  }
  await addPerson(null, "Partnership systems administrator", ["administrator"]);
  return { partnership, agencies, staff, people };
}

/**
 * A role inbox for children's social care's head of service, worked by its two most senior
 * managers, and its team manager away this week with the service manager acting: made by the
 * demo administrator, so they are in the administration history too.
 */
async function administerDemo(deps: AdminDeps, directory: Directory, procedure: Procedure) {
  const administrator = directory.people.find((person) => person.roles.includes(ADMINISTRATOR));
  const agency = directory.agencies.get("socialCare");
  const ladder = directory.staff.get("socialCare") ?? [];
  const role = procedure.roles.find(
    (candidate) => candidate.level === "agency" && candidate.tier === 4,
  );
  const [, manager, serviceManager, head] = ladder.map((staff) => staff.person);
  if (administrator === undefined || agency === undefined || role === undefined) return;
  if (manager === undefined || serviceManager === undefined || head === undefined) return;
  const actor = { id: administrator.id, partnershipId: directory.partnership.id };
  const inbox = await addInbox(deps, actor, {
    agencyId: agency.id,
    role: role.id,
    name: `${role.name}, ${agency.name}`,
  });
  if (inbox.ok) await setInboxMembers(deps, actor, inbox.id, [serviceManager.id, head.id]);
  const today = londonDate(deps.now());
  await addDelegation(deps, actor, manager.id, {
    delegateId: serviceManager.id,
    from: today,
    to: DateTime.fromISO(today).plus({ days: 7 }).toISODate() as string,
  });
}

function nameGiver(): () => string {
  let next = 0;
  return () => {
    const name = NAMES[next % NAMES.length] as string;
    const round = Math.floor(next / NAMES.length);
    next += 1;
    return round === 0 ? name : `${name} ${round + 1}`;
  };
}

/**
 * Values for the timescales the procedure leaves open (Sefton's steps, City & Hackney's stages,
 * Suffolk's later stages), so the demo shows due dates and overdue escalations everywhere. A real
 * partnership sets its own; these are demo values, not anything its source says.
 */
function demoTimescales(procedure: Procedure): Record<string, number> {
  return Object.fromEntries(
    (procedure.settings ?? [])
      .filter((setting) => setting.value === null)
      .map((setting) => [setting.id, setting.rule === "hours-after" ? 24 : 5]),
  );
}

// ---------------------------------------------------------------------------------------------
// The demo escalations: who raises against whom, about which child, and what happened, day by
// day. Days are working days before `now` (-3: three working days ago).

type Side = "raising" | "receiving";

/**
 * Where a climb stops: the nth stage of the track, or the first stage that is run by someone
 * outside the agencies (mediation, a commissioner, the LSCB), that repeats, or that can be closed
 * with the disagreement noted. An escalation whose climb has nowhere to go is left out.
 */
type ClimbTarget = number | "partnership" | "repeating" | "disagreement";

type DemoStep = { day: number } & (
  | { do: "discuss"; method: DiscussionMethod; summary: string }
  | { do: "agree"; action: string; owner: Side; dueIn: number }
  /** Escalate one stage a working day until the target, with a discussion before each. */
  | { do: "climb"; to: ClimbTarget }
  | { do: "next-round"; reason: string }
  | { do: "resolve"; by: Side; outcome: string; outstandingIssues: string }
  | { do: "confirm" }
  | ({ do: "close" } & Positions)
  | { do: "withdraw"; reason: string }
);

interface DemoEscalation {
  from: AgencyKey;
  against: AgencyKey;
  /** The first of these the procedure offers is used; else its first category. */
  categories: readonly string[];
  /** null: a thematic escalation, about no one child (only where the procedure has that route). */
  child: { reference: string; age: number; status: ChildStatus } | null;
  details: RaiseDetails;
  /** Working days ago. */
  raised: number;
  steps: readonly DemoStep[];
}

const DEMO_ESCALATIONS: readonly DemoEscalation[] = [
  // Overdue at stage 1: the Front Door promised to call back and has not.
  {
    from: "primary",
    against: "socialCare",
    categories: [
      "referral-threshold",
      "referral-threshold-social-care",
      "referral-criteria",
      "levels-of-need",
    ],
    child: { reference: "K.M.", age: 9, status: "none" },
    details: {
      challenged:
        "The Front Door closed our referral with advice only and no assessment. K has come to school hungry most days this half term, has had two unexplained bruises to the upper arm, and says there is no food at home at weekends.",
      tried:
        "Our designated safeguarding lead rang the Front Door the day after the decision to ask for the reasons; we were told the threshold for a child and family assessment was not met.",
      evidence: {
        kind: "evidence",
        text: "Welfare log entries on 11 days this half term, a body map of both bruises, and attendance down to 84%.",
      },
      outcomeSought:
        "A child and family assessment, or a clear explanation against the threshold document of why the concerns are below it.",
      urgency: "routine",
    },
    raised: 18,
    steps: [
      {
        day: -17,
        do: "discuss",
        method: "phone",
        summary:
          "The Front Door's view is that K's needs can be met by early help and that neglect is not evidenced. The school disagrees because of the bruising. The Front Door will review the referral with the duty senior and call back.",
      },
      {
        day: -17,
        do: "agree",
        action: "Review the referral against the threshold document and call the school back",
        owner: "receiving",
        dueIn: 1,
      },
    ],
  },
  // Overdue at the third stage: a strategy discussion police asked for has not been held.
  {
    from: "police",
    against: "socialCare",
    categories: [
      "invoking-cp-procedures",
      "need-for-action",
      "assessment-outcomes",
      "assessment-or-enquiry",
    ],
    child: { reference: "R.T. and J.T. (siblings)", age: 7, status: "child-in-need" },
    details: {
      challenged:
        "Police attended a domestic abuse incident at the family home, the third in two months, with both children present. Children's social care has not held a strategy discussion and the children remain on a child in need plan.",
      tried:
        "The investigating officer emailed and then phoned the allocated social worker, who said a child in need meeting is booked for later this month.",
      evidence: {
        kind: "evidence",
        text: "Three incident reports; the risk assessment at the last incident was high, and the children were present each time.",
      },
      outcomeSought: "A strategy discussion this week to consider child protection enquiries.",
      urgency: "urgent",
    },
    raised: 26,
    steps: [
      { day: -24, do: "climb", to: 3 },
      {
        day: -21,
        do: "discuss",
        method: "virtual-meeting",
        summary:
          "Children's social care will review the children's plan at the child in need meeting. Police think that is too late given the risk assessment. No agreement yet; children's social care will take advice from its legal team.",
      },
      {
        day: -21,
        do: "agree",
        action: "Share the legal advice and the outcome of the child in need meeting with police",
        owner: "receiving",
        dueIn: 5,
      },
    ],
  },
  // Overdue at the fourth stage: a baby's child protection plan is not being followed.
  {
    from: "health",
    against: "socialCare",
    categories: [
      "plan-progress",
      "progressing-plans-and-communication",
      "assessment-outcome",
      "assessment-outcomes",
      "assessment-or-enquiry",
    ],
    child: { reference: "S.A. (baby)", age: 0.4, status: "cp-plan" },
    details: {
      challenged:
        "The child protection plan says the social worker visits weekly and the core group meets every four weeks. Neither has happened for six weeks, and the health visitor is now the only professional seeing the baby.",
      tried:
        "Raised at the last core group, which only health and the nursery attended, and twice with the team manager by phone.",
      evidence: {
        kind: "evidence",
        text: "Health visiting records for the six weeks, the core group notes, and the baby's weight below the 2nd centile at the last check.",
      },
      outcomeSought: "Visits restarted as the plan says, and a core group within 10 working days.",
      urgency: "urgent",
    },
    raised: 30,
    steps: [
      { day: -28, do: "climb", to: 4 },
      {
        day: -24,
        do: "discuss",
        method: "virtual-meeting",
        summary:
          "Children's social care accepts that visits lapsed during staff sickness and says a new social worker is being allocated. Health asked for a core group date; none could be given yet.",
      },
      {
        day: -24,
        do: "agree",
        action: "Allocate a social worker and send the core group date to every member",
        owner: "receiving",
        dueIn: 3,
      },
    ],
  },
  // Within its deadline at stage 1: a nursery and the health visiting team, raised yesterday.
  {
    from: "earlyYears",
    against: "health",
    categories: [
      "information-sharing-or-services",
      "service-provision",
      "communication",
      "information-sharing-and-communication",
      "progressing-plans-and-communication",
    ],
    child: { reference: "L.B.", age: 3, status: "none" },
    details: {
      challenged:
        "The health visiting team has declined our request for a developmental review for L, who has very few words and is often collected late by different adults. We were told L is not on the team's caseload.",
      tried:
        "Our manager phoned the health visiting duty line and emailed the health visitor named on L's red book.",
      evidence: {
        kind: "gut-feeling",
        text: "Nothing has been disclosed, but L's speech and the changing adults at collection worry the staff who know L best.",
      },
      outcomeSought: "A health visitor review, and a shared plan for who collects L.",
      urgency: "routine",
    },
    raised: 1,
    steps: [
      {
        day: -1,
        do: "discuss",
        method: "phone",
        summary:
          "The health visiting team leader will check whether the family moved in from another area and L's records did not follow, and will ring back.",
      },
    ],
  },
  // Within its deadline at stage 2: a school not told when police brought a student home.
  {
    from: "secondary",
    against: "police",
    categories: [
      "information-sharing-or-services",
      "communication",
      "information-sharing-and-communication",
      "roles-and-responsibilities",
      "assessment-or-enquiry",
    ],
    child: { reference: "Student ref RA-2291", age: 14, status: "child-in-need" },
    details: {
      challenged:
        "We learned from the student that police brought her home after she was found with older males at 2am. The school was not told, so we could not put support in place the next morning.",
      tried:
        "Our designated safeguarding lead contacted the neighbourhood team, who said the incident had been passed to children's social care and they could not share more.",
      evidence: {
        kind: "evidence",
        text: "The student's own account, recorded on the day, and two further absences since.",
      },
      outcomeSought:
        "For the school to be told when police return this student home, and a professionals' meeting about her safety.",
      urgency: "urgent",
    },
    raised: 3,
    steps: [
      { day: -2, do: "climb", to: 2 },
      {
        day: -1,
        do: "discuss",
        method: "virtual-meeting",
        summary:
          "Police explained what they can share and when. They will check whether a child exploitation screening was done and arrange a professionals' meeting if it was not.",
      },
      {
        day: -1,
        do: "agree",
        action:
          "Check the exploitation screening and tell the school's safeguarding lead the outcome",
        owner: "receiving",
        dueIn: 2,
      },
    ],
  },
  // Resolved at stage 1, proposed and confirmed: the school missed a child protection conference.
  {
    from: "socialCare",
    against: "primary",
    categories: [
      "roles-and-responsibilities",
      "information-sharing-or-services",
      "decision-not-understood",
      "information-sharing-and-communication",
      "progressing-plans-and-communication",
      "assessment-or-enquiry",
    ],
    child: { reference: "T.W.", age: 8, status: "cp-plan" },
    details: {
      challenged:
        "The school sent no report to T's initial child protection conference and no one from the school attended, although the school sees T every day.",
      tried:
        "The social worker phoned the school office and left two messages for the safeguarding lead.",
      evidence: {
        kind: "evidence",
        text: "The conference notes record no school report and no apologies.",
      },
      outcomeSought:
        "A school report for the review conference and a named member of staff in the core group.",
      urgency: "routine",
    },
    raised: 12,
    steps: [
      {
        day: -11,
        do: "discuss",
        method: "phone",
        summary:
          "The invitation went to an old email address after staff changes at the school. The school will join the core group and write a report for the review conference.",
      },
      {
        day: -11,
        do: "agree",
        action:
          "Send the safeguarding lead's contact details to the conference team and join the core group",
        owner: "receiving",
        dueIn: 2,
      },
      {
        day: -10,
        do: "resolve",
        by: "raising",
        outcome:
          "The school is in the core group and will report to the review conference; the conference team has the safeguarding lead's details.",
        outstandingIssues: "None. The team manager will check at the first core group.",
      },
      { day: -9, do: "confirm" },
    ],
  },
  // A resolution proposed yesterday at stage 2, waiting for police to confirm it.
  {
    from: "police",
    against: "health",
    categories: [
      "need-for-action",
      "referral-threshold-health",
      "response-not-in-childs-interest",
      "service-provision",
      "assessment-or-enquiry",
    ],
    child: { reference: "M.O.", age: 15, status: "child-in-need" },
    details: {
      challenged:
        "After M was found at the railway station with self-harm injuries, the children's mental health service declined the request for an assessment as not meeting its criteria.",
      tried:
        "The officer rang the service's single point of access and was told to refer through the GP.",
      evidence: {
        kind: "evidence",
        text: "The custody record, the paramedic's notes, and a second missing episode since.",
      },
      outcomeSought: "An urgent mental health assessment for M.",
      urgency: "urgent",
    },
    raised: 4,
    steps: [
      { day: -3, do: "climb", to: 2 },
      {
        day: -2,
        do: "discuss",
        method: "face-to-face",
        summary:
          "Met with the service's duty clinician. The service will offer M an assessment this week and agree a crisis plan with M's family.",
      },
      {
        day: -1,
        do: "resolve",
        by: "receiving",
        outcome:
          "M has an assessment appointment this week and a crisis plan shared with police and the school.",
        outstandingIssues:
          "Police will share any further missing episode with the service the same day.",
      },
    ],
  },
  // Closed with the disagreement noted, as in Dorset's sixth scenario: the plan continues.
  {
    from: "health",
    against: "socialCare",
    categories: [
      "assessment-outcome",
      "assessment-outcomes",
      "levels-of-need",
      "assessment-or-enquiry",
    ],
    child: { reference: "D.H.", age: 6, status: "child-in-need" },
    details: {
      challenged:
        "Children's social care has stepped D down from a child protection plan to child in need. Health's view is that the neglect has not changed: D still misses dental and hospital appointments and D's weight has not improved.",
      tried:
        "Health raised it at the review conference and again with the team manager afterwards.",
      evidence: {
        kind: "evidence",
        text: "Seven missed health appointments in six months, D's growth chart, and the school nurse's notes.",
      },
      outcomeSought: "The child protection plan to continue until D's health needs are met.",
      urgency: "routine",
    },
    raised: 45,
    steps: [
      { day: -43, do: "climb", to: "disagreement" },
      {
        day: -38,
        do: "discuss",
        method: "face-to-face",
        summary:
          "Met with both agencies' chronologies. Children's social care believes the family is working with the child in need plan; health does not agree. Neither view has changed.",
      },
      {
        day: -36,
        do: "close",
        raisingPosition:
          "Health considers D is still at risk of significant harm through neglect and that a child protection plan is needed.",
        receivingPosition:
          "Children's social care considers the family is working with the plan and that child in need is proportionate, with a clear route back to conference if things slip.",
        planContinues:
          "The child in need plan continues with core groups every four weeks instead of six, health attending each. Any missed health appointment is reported to the social worker the same day.",
      },
    ],
  },
  // Thematic, about no one child: only where the procedure has a thematic route (Dorset's
  // thematic matters start at stage 3); for the others this escalation is left out.
  {
    from: "health",
    against: "socialCare",
    categories: ["strategic-theme"],
    child: null,
    details: {
      challenged:
        "Across at least five children this year, strategy discussions about babies with bruising were held without health, so the decision about a child protection medical was made without a paediatric view.",
      tried:
        "Named nurses raised each case with the team manager involved; each was put right, but the pattern continues.",
      evidence: {
        kind: "evidence",
        text: "Five cases in the health safeguarding team's log, listed by reference; two medicals were arranged late.",
      },
      outcomeSought:
        "An agreement that health is invited to every strategy discussion about a baby who is not yet mobile and has bruising.",
      urgency: "routine",
    },
    raised: 5,
    steps: [
      {
        day: -3,
        do: "discuss",
        method: "virtual-meeting",
        summary:
          "Heads of service agreed the pattern is real. Children's social care will check how strategy discussion invitations are sent from the Front Door.",
      },
      {
        day: -3,
        do: "agree",
        action:
          "Add the named nurses' duty line to the Front Door's strategy discussion invitation list",
        owner: "receiving",
        dueIn: 5,
      },
    ],
  },
  // At the partnership's own stage (mediation, the Commissioner, the LSCB), where there is one.
  {
    from: "socialCare",
    against: "health",
    categories: [
      "information-sharing-or-services",
      "service-provision",
      "roles-and-responsibilities",
      "need-for-action",
      "assessment-or-enquiry",
    ],
    child: { reference: "Local ref CLA-10457", age: 13, status: "looked-after" },
    details: {
      challenged:
        "Health has declined to contribute to the therapeutic placement recommended for this young person after two placement breakdowns, saying the needs are social rather than health needs.",
      tried:
        "The independent reviewing officer and the social worker raised it at two care plan reviews, and managers at each level have met.",
      evidence: {
        kind: "evidence",
        text: "The clinical psychologist's report recommending the placement, and the notes of both care plan reviews.",
      },
      outcomeSought:
        "A jointly funded placement, or an independent view of whose responsibility it is.",
      urgency: "routine",
    },
    raised: 40,
    steps: [
      { day: -38, do: "climb", to: "partnership" },
      {
        day: -30,
        do: "discuss",
        method: "face-to-face",
        summary:
          "Mediation meeting. Both agencies agreed to a joint assessment of the young person's needs before funding is decided, and to keep the current placement meanwhile.",
      },
      {
        day: -30,
        do: "agree",
        action: "Complete a joint health and social care assessment of needs",
        owner: "receiving",
        dueIn: 15,
      },
    ],
  },
  // In round 2 of a repeating stage, where the procedure has one (each round a tier higher).
  {
    from: "primary",
    against: "socialCare",
    categories: ["levels-of-need", "referral-threshold-social-care", "need-for-action"],
    child: { reference: "A.N.", age: 10, status: "child-in-need" },
    details: {
      challenged:
        "Children's social care plans to close A's child in need plan. The school still sees A arriving unkempt, and A has told staff about being left alone overnight.",
      tried:
        "Raised at the closing review meeting, and since then by the safeguarding lead and the headteacher.",
      evidence: {
        kind: "evidence",
        text: "Two disclosures recorded in the school's safeguarding log, with dates and A's words.",
      },
      outcomeSought: "The plan to stay open until an updated assessment is done.",
      urgency: "routine",
    },
    raised: 12,
    steps: [
      { day: -10, do: "climb", to: "repeating" },
      {
        day: -7,
        do: "discuss",
        method: "virtual-meeting",
        summary:
          "Children's social care will ask the family support worker for an update before deciding. The school asked for the closure to be paused meanwhile; that was not agreed.",
      },
      {
        day: -4,
        do: "next-round",
        reason: "The managers could not agree; each agency's next tier of management takes it up.",
      },
      {
        day: -2,
        do: "discuss",
        method: "phone",
        summary:
          "Children's social care agreed not to close the plan before a review meeting with the school and the family support worker.",
      },
    ],
  },
  // Withdrawn by the raising agency once the decision was explained.
  {
    from: "voluntary",
    against: "socialCare",
    categories: [
      "decision-not-understood",
      "communication",
      "information-sharing-and-communication",
    ],
    child: { reference: "F.K.", age: 11, status: "none" },
    details: {
      challenged: "We were told our referral for F had been closed, but nobody could tell us why.",
      tried: "Our worker phoned the Front Door twice.",
      evidence: {
        kind: "gut-feeling",
        text: "F's mother seemed frightened on our last home visit and would not say why.",
      },
      outcomeSought: "To understand the decision and know who is working with the family.",
      urgency: "routine",
    },
    raised: 9,
    steps: [
      {
        day: -8,
        do: "discuss",
        method: "phone",
        summary:
          "The family has moved to another area and the case has been transferred to that authority, which has our referral.",
      },
      {
        day: -8,
        do: "withdraw",
        reason:
          "The family has moved; the new authority has our referral and our worker's contact details.",
      },
    ],
  },
  // Within its deadline at stage 1: police checks needed before a conference.
  {
    from: "socialCare",
    against: "police",
    categories: [
      "information-sharing-or-services",
      "communication",
      "information-sharing-and-communication",
      "roles-and-responsibilities",
      "assessment-or-enquiry",
    ],
    child: { reference: "P.J. and sibling", age: 5, status: "cp-plan" },
    details: {
      challenged:
        "Police have not sent the checks on the father's previous convictions that we requested for the initial child protection conference, which is next week.",
      tried: "The request went to the public protection unit ten days ago and was chased by phone.",
      evidence: {
        kind: "evidence",
        text: "The request form and the dates it was chased.",
      },
      outcomeSought: "The police report with the conference chair before the conference.",
      urgency: "urgent",
    },
    raised: 2,
    steps: [
      {
        day: -1,
        do: "discuss",
        method: "phone",
        summary: "The checks are done and the report is waiting for a sergeant to sign it off.",
      },
      {
        day: -1,
        do: "agree",
        action: "Send the signed report to the conference team",
        owner: "receiving",
        dueIn: 2,
      },
    ],
  },
  // Resolved at stage 2: a nursery left off a child in need plan's meetings.
  {
    from: "earlyYears",
    against: "socialCare",
    categories: [
      "roles-and-responsibilities",
      "plan-progress",
      "progressing-plans-and-communication",
      "information-sharing-and-communication",
      "assessment-or-enquiry",
    ],
    child: { reference: "E.R.", age: 2, status: "child-in-need" },
    details: {
      challenged:
        "The nursery is named in E's child in need plan but was not invited to the last two meetings, and we only hear about changes from E's mother.",
      tried: "Our manager emailed the social worker and left a message with the team.",
      evidence: {
        kind: "evidence",
        text: "The plan naming the nursery, and the dates of both meetings as E's mother told us.",
      },
      outcomeSought: "The nursery invited to every meeting and sent the notes.",
      urgency: "routine",
    },
    raised: 20,
    steps: [
      { day: -19, do: "climb", to: 2 },
      {
        day: -17,
        do: "discuss",
        method: "phone",
        summary:
          "The nursery was left off the meeting list when the case changed social worker. Children's social care apologised.",
      },
      {
        day: -17,
        do: "agree",
        action: "Add the nursery to the meeting list and send the notes of the last two meetings",
        owner: "receiving",
        dueIn: 2,
      },
      {
        day: -16,
        do: "resolve",
        by: "receiving",
        outcome: "The nursery is on the meeting list and has the notes of both meetings.",
        outstandingIssues: "None.",
      },
      { day: -15, do: "confirm" },
    ],
  },
  // Overdue at stage 1: a young carer the school nursing service would not see.
  {
    from: "voluntary",
    against: "health",
    categories: [
      "referral-threshold-health",
      "need-for-action",
      "service-provision",
      "information-sharing-or-services",
    ],
    child: { reference: "Z.H.", age: 15, status: "none" },
    details: {
      challenged:
        "The school nursing service declined our referral for Z, a young carer who has stopped eating properly and misses school to look after her mother. We were told Z should see her GP.",
      tried: "Our young carers worker phoned the school nursing team and wrote to the team leader.",
      evidence: {
        kind: "evidence",
        text: "Our session notes over eight weeks, and Z's own words that she is too tired to eat.",
      },
      outcomeSought: "A school nurse assessment and a referral on to the right service.",
      urgency: "routine",
    },
    raised: 14,
    steps: [
      {
        day: -12,
        do: "discuss",
        method: "phone",
        summary:
          "The team leader said Z is outside the service's criteria while she is not attending school. No agreement; the team leader will ask the trust's safeguarding lead.",
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Turning the table into use-case calls at the right moments

/** A use-case call at a moment; all escalations' calls run together in time order. */
interface PlannedCall {
  at: string;
  /** Keeps calls at the same moment in the order they were planned. */
  order: number;
  run(deps: EscalationDeps): Promise<void>;
}

/** Working days and times of day relative to `now`, on the partnership's calendar. */
class DemoTimeline {
  private readonly today: IsoDate;
  private readonly calendar: Calendar;

  constructor(now: string, calendar: Calendar) {
    this.calendar = calendar;
    this.today = calendar.localDate(now);
  }

  /** The working day `offset` working days from today (negative: before today). */
  day(offset: number): IsoDate {
    let date = this.today;
    for (let left = Math.abs(offset); left > 0; ) {
      date = shift(date, Math.sign(offset));
      if (this.calendar.isWorkingDay(date)) left -= 1;
    }
    return date;
  }

  /** `minutes` after 09:00 local time on the working day `offset` days from today. */
  at(offset: number, minutes: number): string {
    const local = DateTime.fromISO(this.day(offset), { zone: LONDON }).set({ hour: 9 });
    return local.plus({ minutes }).toUTC().toISO() as string;
  }

  /** A date of birth making the child `age` years old today. */
  bornAgo(age: number): IsoDate {
    const months = Math.round(age * 12) + 2;
    return DateTime.fromISO(this.today).minus({ months }).toISODate() as string;
  }
}

function shift(date: IsoDate, days: number): IsoDate {
  return DateTime.fromISO(date).plus({ days }).toISODate() as string;
}

/** The stages an escalation passes through from `stage` by escalating, in order. */
function ladderFrom(track: Track, stage: string): Stage[] {
  const ladder: Stage[] = [];
  let current = track.stages.find((candidate) => candidate.id === stage);
  while (current !== undefined && !ladder.includes(current)) {
    ladder.push(current);
    const to = current.outcomes.find((outcome) => outcome.outcome === "escalate")?.to;
    current = track.stages.find((candidate) => candidate.id === to);
  }
  return ladder;
}

function reaches(stage: Stage, target: ClimbTarget, position: number): boolean {
  if (typeof target === "number") return position === target;
  if (target === "partnership") {
    return stage.actors.some(
      (actor) => actor.side === "partnership" || actor.side === "independent",
    );
  }
  if (target === "repeating") return stage.repeats !== undefined;
  return stage.outcomes.some((outcome) => outcome.outcome === "close-with-disagreement");
}

/**
 * The use-case calls for one demo escalation, or none when the procedure has no place for it
 * (no thematic route, no partnership stage, no repeating stage, no close with disagreement).
 */
function planEscalation(
  demo: DemoEscalation,
  index: number,
  procedure: Procedure,
  directory: Directory,
  timeline: DemoTimeline,
): PlannedCall[] {
  const track = procedure.tracks.general;
  if (track === undefined) throw new Error(`${procedure.id} has no general track`);
  const thematic = demo.child === null;
  const entry = track.entries.find((candidate) =>
    thematic ? candidate.thematic === true : candidate.default === true,
  );
  const category = categoryFor(procedure, track, demo.categories, thematic);
  if (entry === undefined || category === undefined) return [];
  const ladder = ladderFrom(track, entry.stage);
  const team = new Team(demo, procedure, directory);
  const failed = (result: unknown) =>
    new Error(`Demo escalation ${index + 1} could not be seeded: ${JSON.stringify(result)}`);

  const calls: PlannedCall[] = [];
  let slot = 0;
  let lastDay = Number.NEGATIVE_INFINITY;
  const plan = (day: number, run: PlannedCall["run"]) => {
    if (day >= 0 || day < lastDay) {
      throw new Error(`Demo escalation ${index + 1}: its steps must be in the past, in order`);
    }
    slot = day === lastDay ? slot + 1 : 0;
    lastDay = day;
    // Escalations start a few minutes apart; each step the same day is 80 minutes after the last.
    calls.push({ at: timeline.at(day, 7 * index + 80 * slot), order: index, run });
  };
  // The escalation as its people last saw it: loaded once raised, then kept up to date from the
  // events each action records (the calls run one at a time, so nothing else changes it).
  let seen: EscalationState | null = null;
  /** A person on `side` of the escalation acts on it as they see it now. */
  const act = (
    day: number,
    side: Side | ((state: EscalationState) => Side),
    command: (state: EscalationState, deps: EscalationDeps, at: string) => ActCommand,
  ) => {
    plan(day, async (deps) => {
      const state = seen;
      if (state === null) throw failed("it was not raised");
      const person = team.actor(state, typeof side === "function" ? side(state) : side);
      const result = await actOnEscalation(
        deps,
        actorOf(person),
        state.id,
        state.version,
        command(state, deps, deps.now()),
      );
      if (!result.ok) throw failed(result);
      seen = result.events.reduce<EscalationState>((next, event) => evolve(next, event), state);
    });
  };
  const discuss = (day: number, method: DiscussionMethod, summary: string) =>
    act(day, "raising", (state, _deps, at) => ({
      type: "record-discussion",
      // Recorded half an hour after it ended.
      heldAt: DateTime.fromISO(at).minus({ minutes: 30 }).toUTC().toISO() as string,
      method,
      participants: team.participants(state),
      summary,
    }));

  plan(-demo.raised, async (deps) => {
    const raised = await raiseEscalation(deps, team.raiser(entry.stage), {
      thematic,
      child:
        demo.child === null
          ? null
          : {
              reference: demo.child.reference,
              dateOfBirth: timeline.bornAgo(demo.child.age),
              status: demo.child.status,
            },
      receivingAgencies: [team.agency("receiving").id],
      category,
      details: demo.details,
    });
    if (!raised.ok) throw failed(raised);
    seen = (await loadEscalation(deps, raised.id))?.state ?? null;
  });

  let position = 1;
  for (const step of demo.steps) {
    switch (step.do) {
      case "discuss":
        discuss(step.day, step.method, step.summary);
        break;
      case "agree":
        act(step.day, "raising", (state, deps) => ({
          type: "agree-action",
          actionId: deps.newId(),
          description: step.action,
          owner: team.describe(team.actor(state, step.owner)),
          dueDate: timeline.day(step.day + step.dueIn),
        }));
        break;
      case "climb": {
        const target = ladder.findIndex(
          (stage, at) => at + 1 > position && reaches(stage, step.to, at + 1),
        );
        if (target === -1) return [];
        for (let day = step.day; position < target + 1; day += 1, position += 1) {
          const from = ladder[position - 1] as Stage;
          const on = formatDate(timeline.day(day));
          discuss(
            day,
            "phone",
            `Talked it through at ${from.name}. Each agency set out its view again; there is no agreement, so both agreed it should go to the next stage.`,
          );
          act(day, "raising", () => ({
            type: "escalate",
            reason: `Not resolved at ${from.name}.`,
            ...(from.evidenceToEscalate === undefined
              ? {}
              : {
                  evidence: `The discussion at ${from.name} on ${on} is recorded: both agencies set out their views and could not agree. The earlier discussions and agreed actions are in the record.`,
                }),
          }));
        }
        break;
      }
      case "next-round":
        act(step.day, "raising", () => ({ type: "next-round", reason: step.reason }));
        break;
      case "resolve":
        act(step.day, step.by, () => ({
          type: "resolve",
          outcome: step.outcome,
          outstandingIssues: step.outstandingIssues,
        }));
        break;
      case "confirm":
        // The side that did not propose the resolution confirms it.
        act(
          step.day,
          (state) => (state.resolution?.agencyId === state.raisingAgency ? "receiving" : "raising"),
          () => ({ type: "confirm-resolution" }),
        );
        break;
      case "close":
        act(step.day, "raising", () => ({
          type: "close-with-disagreement",
          raisingPosition: step.raisingPosition,
          receivingPosition: step.receivingPosition,
          planContinues: step.planContinues,
        }));
        break;
      case "withdraw":
        act(step.day, "raising", () => ({ type: "withdraw", reason: step.reason }));
        break;
    }
  }
  return calls;
}

type ActCommand = Exclude<Command, { type: "raise" }>;

/** The procedure's category for a demo escalation: the first of its candidates on offer. */
function categoryFor(
  procedure: Procedure,
  track: Track,
  candidates: readonly string[],
  thematic: boolean,
): string | undefined {
  const offered = procedure.categories.filter(
    (category) =>
      (category.thematic === true) === thematic &&
      (track.categories === undefined || track.categories.includes(category.id)),
  );
  const preferred = candidates.find((id) => offered.some((category) => category.id === id));
  return preferred ?? offered[0]?.id;
}

/** The people on each side of one demo escalation, and who acts at each stage. */
class Team {
  private readonly demo: DemoEscalation;
  private readonly procedure: Procedure;
  private readonly directory: Directory;

  constructor(demo: DemoEscalation, procedure: Procedure, directory: Directory) {
    this.demo = demo;
    this.procedure = procedure;
    this.directory = directory;
  }

  agency(side: Side): Agency {
    const key = side === "raising" ? this.demo.from : this.demo.against;
    const agency = this.directory.agencies.get(key);
    if (agency === undefined) throw new Error(`No demo agency ${key}`);
    return agency;
  }

  /**
   * Who raises: the practitioner on the usual route; on another route (Dorset's thematic one
   * starts with heads of service), the person that route's first stage names.
   */
  raiser(entryStage: string): Person {
    const standard = this.procedure.tracks.general?.entries.find((entry) => entry.default);
    return standard?.stage === entryStage
      ? this.holderOfTier("raising", 1, 1)
      : this.holder("raising", stageOf(this.procedure, "general", entryStage), 1);
  }

  /** The person who acts for `side` at the escalation's current stage and round. */
  actor(state: EscalationState, side: Side): Person {
    const visit = currentVisit(state);
    return this.holder(side, stageOf(this.procedure, state.track, visit.stage), visit.round);
  }

  /** Everyone at the current stage: both sides, and anyone from the partnership or independent. */
  participants(state: EscalationState): string {
    const stage = stageOf(this.procedure, state.track, currentVisit(state).stage);
    const outside = stage.actors
      .filter((actor) => actor.side === "partnership" || actor.side === "independent")
      .flatMap((actor) =>
        this.directory.people.filter((person) => person.roles.includes(actor.role)).slice(0, 1),
      );
    const everyone = [this.actor(state, "raising"), this.actor(state, "receiving"), ...outside];
    return [...new Set(everyone)].map((person) => this.describe(person)).join("; ");
  }

  /** "Priya Shah, Designated safeguarding lead, Hillside Primary School". */
  describe(person: Person): string {
    const agency = [...this.directory.agencies.values()].find((a) => a.id === person.agencyId);
    return [person.name, person.jobTitle, agency?.name].filter(Boolean).join(", ");
  }

  private holder(side: Side, stage: Stage, round: number): Person {
    const role = stage.actors.find((actor) => actor.side === side)?.role;
    const tier = this.procedure.roles.find((candidate) => candidate.id === role)?.tier ?? 1;
    return this.holderOfTier(side, tier, round);
  }

  /**
   * The person on `side` at `tier`. In an agency without that tier (a nursery has no head of
   * service) its most senior person below it acts, as a headteacher may for a school at every
   * stage. Each further round of a repeating stage goes one tier higher.
   */
  private holderOfTier(side: Side, tier: number, round: number): Person {
    const ladder =
      this.directory.staff.get(side === "raising" ? this.demo.from : this.demo.against) ?? [];
    const at = Math.max(
      ladder.findLastIndex((staff) => staff.tier <= tier),
      0,
    );
    const chosen = ladder[Math.min(at + round - 1, ladder.length - 1)];
    if (chosen === undefined) throw new Error(`No demo staff in ${this.agency(side).name}`);
    return chosen.person;
  }
}
