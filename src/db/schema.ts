import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// The tables. Events are the record; every other escalation table is a read model that
// `resolve rebuild` can recreate from them. See docs/adr/0002-event-history.md.

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });

/** Every version of a procedure any escalation has run under, kept so an open one keeps its rules. */
export const procedureVersions = pgTable(
  "procedure_versions",
  {
    procedureId: text("procedure_id").notNull(),
    version: text("version").notNull(),
    // json, not jsonb: kept as written, so the order of tracks and other mappings survives.
    definition: json("definition").notNull(),
    loadedAt: instant("loaded_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.procedureId, table.version] })],
);

export const partnerships = pgTable("partnerships", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  /** The procedure new escalations are raised under, and its version. */
  procedureId: text("procedure_id").notNull(),
  procedureVersion: text("procedure_version").notNull(),
  nation: text("nation").notNull().default("england-and-wales"),
  closeOfBusiness: text("close_of_business"),
  /** Values for the procedure's open timescales, by setting id. */
  timescaleSettings: jsonb("timescale_settings").notNull().default({}),
  /** Short prefix for escalation references, e.g. DOR. */
  referencePrefix: text("reference_prefix").notNull(),
  createdAt: instant("created_at").notNull().defaultNow(),
});

export const SECTORS = [
  "childrens-social-care",
  "police",
  "health",
  "education",
  "early-years",
  "voluntary",
  "adult-services",
  "probation",
  "housing",
  "other",
] as const;

export const agencies = pgTable(
  "agencies",
  {
    id: uuid("id").primaryKey(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    name: text("name").notNull(),
    sector: text("sector").notNull(),
    active: boolean("active").notNull().default(true),
  },
  (table) => [uniqueIndex("agencies_name_unique").on(table.partnershipId, table.name)],
);

export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    agencyId: uuid("agency_id").references(() => agencies.id),
    name: text("name").notNull(),
    email: text("email").notNull(),
    jobTitle: text("job_title"),
    /** argon2id; null for people who sign in only through single sign-on. */
    passwordHash: text("password_hash"),
    active: boolean("active").notNull().default(true),
    /** Demo people exist only in demo mode. */
    demo: boolean("demo").notNull().default(false),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("people_email_unique").on(sql`lower(${table.email})`),
    index("people_agency").on(table.agencyId),
  ],
);

/** A person's roles: a procedure role id (line-manager, …) or a service role (administrator). */
export const personRoles = pgTable(
  "person_roles",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    role: text("role").notNull(),
  },
  (table) => [primaryKey({ columns: [table.personId, table.role] })],
);

/** Sessions live in the database so any instance can serve any request. The id is a hash. */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: instant("created_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
  },
  (table) => [index("sessions_person").on(table.personId)],
);

/** The record: append-only, one version sequence and one hash chain per escalation. */
export const escalationEvents = pgTable(
  "escalation_events",
  {
    escalationId: uuid("escalation_id").notNull(),
    version: integer("version").notNull(),
    type: text("type").notNull(),
    /** The event as the engine decided it: { at, actor, data }. */
    payload: jsonb("payload").notNull(),
    actorPersonId: text("actor_person_id").notNull(),
    occurredAt: instant("occurred_at").notNull(),
    recordedAt: instant("recorded_at").notNull().defaultNow(),
    previousHash: text("previous_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.escalationId, table.version] }),
    check("escalation_events_version_positive", sql`${table.version} > 0`),
  ],
);

/** One row per escalation: what lists, the log and the deadline scanner read. */
export const escalations = pgTable(
  "escalations",
  {
    id: uuid("id").primaryKey(),
    partnershipId: uuid("partnership_id").notNull(),
    reference: text("reference").notNull(),
    procedureId: text("procedure_id").notNull(),
    procedureVersion: text("procedure_version").notNull(),
    track: text("track").notNull(),
    thematic: boolean("thematic").notNull(),
    childReference: text("child_reference"),
    childDateOfBirth: date("child_date_of_birth", { mode: "string" }),
    childStatus: text("child_status"),
    category: text("category").notNull(),
    summary: text("summary").notNull(),
    raisingAgencyId: uuid("raising_agency_id").notNull(),
    receivingAgencyIds: uuid("receiving_agency_ids").array().notNull(),
    raisedBy: uuid("raised_by").notNull(),
    raisedAt: instant("raised_at").notNull(),
    status: text("status").notNull(),
    stage: text("stage").notNull(),
    round: integer("round").notNull(),
    stageEnteredAt: instant("stage_entered_at").notNull(),
    stageDueAt: instant("stage_due_at"),
    targetDueAt: instant("target_due_at"),
    /** The earliest of the running deadlines: what "overdue" and the scanner look at. */
    nextDueAt: instant("next_due_at"),
    closedAt: instant("closed_at"),
    updatedAt: instant("updated_at").notNull(),
    version: integer("version").notNull(),
  },
  (table) => [
    uniqueIndex("escalations_reference_unique").on(table.partnershipId, table.reference),
    index("escalations_log").on(table.partnershipId, table.updatedAt.desc(), table.id.desc()),
    index("escalations_status_due").on(table.partnershipId, table.status, table.nextDueAt),
    index("escalations_stage").on(table.partnershipId, table.stage),
    index("escalations_category").on(table.partnershipId, table.category),
  ],
);

/** Which agencies are party to an escalation, and on which side: for "my agency's escalations". */
export const escalationParties = pgTable(
  "escalation_parties",
  {
    escalationId: uuid("escalation_id")
      .notNull()
      .references(() => escalations.id),
    agencyId: uuid("agency_id").notNull(),
    side: text("side").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.escalationId, table.agencyId] }),
    index("escalation_parties_agency").on(
      table.agencyId,
      table.updatedAt.desc(),
      table.escalationId,
    ),
  ],
);

/** Per-partnership counters for human-readable references (DOR-2025-0001). */
export const referenceCounters = pgTable(
  "reference_counters",
  {
    partnershipId: uuid("partnership_id").notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (table) => [primaryKey({ columns: [table.partnershipId, table.year] })],
);
