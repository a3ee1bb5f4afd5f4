import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
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

export const partnerships = pgTable(
  "partnerships",
  {
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
    /** Months a closed escalation is kept before its details are deleted. */
    retentionMonths: integer("retention_months").notNull().default(72),
    /** Non-working days the partnership adds to its nation's: [{ date, title }], by date. */
    addedHolidays: jsonb("added_holidays")
      .$type<{ date: string; title: string }[]>()
      .notNull()
      .default([]),
    /** Working days before a stage's deadline that its reminder goes; 0 for the morning it is due. */
    reminderWorkingDays: integer("reminder_working_days").notNull().default(1),
  },
  (table) => [
    check("partnerships_retention_months_range", sql`${table.retentionMonths} between 1 and 1200`),
    check("partnerships_added_holidays_list", sql`jsonb_typeof(${table.addedHolidays}) = 'array'`),
    check(
      "partnerships_reminder_working_days_range",
      sql`${table.reminderWorkingDays} between 0 and 10`,
    ),
  ],
);

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
    /** The authenticator app's shared secret (base32), once confirmed with a code. */
    totpSecret: text("totp_secret"),
    /** A secret shown for setting up, not yet confirmed with a code. */
    totpPendingSecret: text("totp_pending_secret"),
    /** The time step of the last code accepted: no code is accepted twice. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
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
    /**
     * How `hash` was made (docs/adr/0010-retention-and-a-redactable-history.md): 1, over the
     * whole event (events recorded before migration 0010); 2, over the payload and
     * `personalDigest`, so the personal details can be removed and the chain still holds.
     */
    hashRule: smallint("hash_rule").notNull(),
    /** SHA-256 of the salt and the personal details, when the event had any (rule 2 only). */
    personalDigest: text("personal_digest"),
  },
  (table) => [
    primaryKey({ columns: [table.escalationId, table.version] }),
    check("escalation_events_version_positive", sql`${table.version} > 0`),
    check("escalation_events_hash_rule", sql`${table.hashRule} IN (1, 2)`),
    check(
      "escalation_events_personal_digest_rule",
      sql`${table.hashRule} = 2 OR ${table.personalDigest} IS NULL`,
    ),
  ],
);

/**
 * The personal details of an event (src/engine/escalation/personal.ts), kept apart from it: the
 * event's payload holds the rest. Never updated; deleted only by the retention job, once the
 * escalation's history records that it is anonymised (a trigger refuses anything else).
 */
export const escalationEventPersonal = pgTable(
  "escalation_event_personal",
  {
    escalationId: uuid("escalation_id").notNull(),
    version: integer("version").notNull(),
    /** The fields by their path within the event's data, e.g. { "details.challenged": "…" }. */
    fields: jsonb("fields").notNull(),
    /** Random, hex; null for an event recorded under hash rule 1, whose hash covers the fields. */
    salt: text("salt"),
  },
  (table) => [
    primaryKey({ columns: [table.escalationId, table.version] }),
    foreignKey({
      name: "escalation_event_personal_event",
      columns: [table.escalationId, table.version],
      foreignColumns: [escalationEvents.escalationId, escalationEvents.version],
    }),
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
    /** The tier the current stage is worked at: the parties' people at or above it see it. */
    stageTier: integer("stage_tier").notNull().default(1),
    round: integer("round").notNull(),
    stageEnteredAt: instant("stage_entered_at").notNull(),
    stageDueAt: instant("stage_due_at"),
    targetDueAt: instant("target_due_at"),
    /** The earliest of the running deadlines: what "overdue" and the scanner look at. */
    nextDueAt: instant("next_due_at"),
    closedAt: instant("closed_at"),
    updatedAt: instant("updated_at").notNull(),
    version: integer("version").notNull(),
    /** The raiser and everyone who has recorded anything: each keeps sight of it. */
    participantIds: uuid("participant_ids").array().notNull().default(sql`'{}'`),
    /** When its follow-up check falls due (the start of its day), while it waits for an answer. */
    followUpDueAt: instant("follow_up_due_at"),
    /** When the retention rule removed its personal details. */
    anonymisedAt: instant("anonymised_at"),
  },
  (table) => [
    uniqueIndex("escalations_reference_unique").on(table.partnershipId, table.reference),
    index("escalations_log").on(table.partnershipId, table.updatedAt.desc(), table.id.desc()),
    index("escalations_status_due").on(table.partnershipId, table.status, table.nextDueAt),
    index("escalations_stage").on(table.partnershipId, table.stage),
    index("escalations_category").on(table.partnershipId, table.category),
    index("escalations_participants").using("gin", table.participantIds),
    index("escalations_stage_due")
      .on(table.partnershipId, table.stageDueAt)
      .where(
        sql`${table.status} IN ('open', 'resolution-proposed') AND ${table.stageDueAt} IS NOT NULL`,
      ),
    index("escalations_target_due")
      .on(table.partnershipId, table.targetDueAt)
      .where(
        sql`${table.status} IN ('open', 'resolution-proposed') AND ${table.targetDueAt} IS NOT NULL`,
      ),
    index("escalations_retention")
      .on(table.partnershipId, table.closedAt, table.id)
      .where(sql`${table.closedAt} IS NOT NULL AND ${table.anonymisedAt} IS NULL`),
    index("escalations_follow_up_due")
      .on(table.followUpDueAt)
      .where(sql`${table.followUpDueAt} IS NOT NULL`),
  ],
);

/**
 * What a page of escalations filters by, copied from the escalation onto each row a page walks
 * (its parties, its participants) and included in the index it walks in order (0015).
 */
const listed = () => ({
  updatedAt: instant("updated_at").notNull(),
  status: text("status").notNull(),
  category: text("category").notNull(),
  stage: text("stage").notNull(),
  nextDueAt: instant("next_due_at"),
});

/** Which agencies are party to an escalation, and on which side: for "my agency's escalations". */
export const escalationParties = pgTable(
  "escalation_parties",
  {
    escalationId: uuid("escalation_id")
      .notNull()
      .references(() => escalations.id),
    agencyId: uuid("agency_id").notNull(),
    side: text("side").notNull(),
    ...listed(),
    stageTier: integer("stage_tier").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.escalationId, table.agencyId] }),
    // INCLUDE (status, category, stage, stage_tier, next_due_at): see 0015.
    index("escalation_parties_agency").on(
      table.agencyId,
      table.updatedAt.desc(),
      table.escalationId.desc(),
    ),
  ],
);

/** Everyone who has taken part in an escalation (its participant_ids): for "what I took part in". */
export const escalationParticipants = pgTable(
  "escalation_participants",
  {
    escalationId: uuid("escalation_id")
      .notNull()
      .references(() => escalations.id),
    personId: uuid("person_id").notNull(),
    ...listed(),
  },
  (table) => [
    primaryKey({ columns: [table.escalationId, table.personId] }),
    // INCLUDE (status, category, stage, next_due_at): see 0015.
    index("escalation_participants_person").on(
      table.personId,
      table.updatedAt.desc(),
      table.escalationId.desc(),
    ),
  ],
);

/**
 * A digest of the shipped calendar data (data/bank-holidays.json) that running escalations'
 * deadlines were last worked out with: one row. A release with other dates reprojects them.
 */
export const calendarData = pgTable(
  "calendar_data",
  {
    id: boolean("id").primaryKey().default(true),
    digest: text("digest").notNull(),
    recordedAt: instant("recorded_at").notNull(),
  },
  (table) => [check("calendar_data_id_check", sql`${table.id}`)],
);

/**
 * A deadline the scanner has finished with: every message it calls for is written. Later passes
 * leave it out. `clock` is "stage:<stage>:<round>" or "target"; a moved deadline is a new row.
 */
export const deadlineScans = pgTable(
  "deadline_scans",
  {
    escalationId: uuid("escalation_id").notNull(),
    clock: text("clock").notNull(),
    dueAt: instant("due_at").notNull(),
    finishedAt: instant("finished_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.escalationId, table.clock, table.dueAt] })],
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

/** A shared queue for a role within an agency ("Head of service, Children's Social Care"). */
export const roleInboxes = pgTable(
  "role_inboxes",
  {
    id: uuid("id").primaryKey(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    /** A procedure role id, e.g. head-of-service. */
    role: text("role").notNull(),
    name: text("name").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("role_inboxes_agency_role").on(table.agencyId, table.role),
    index("role_inboxes_partnership").on(table.partnershipId),
  ],
);

/** The people who work a role inbox. */
export const roleInboxMembers = pgTable(
  "role_inbox_members",
  {
    inboxId: uuid("inbox_id")
      .notNull()
      .references(() => roleInboxes.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
  },
  (table) => [
    primaryKey({ name: "role_inbox_members_pkey", columns: [table.inboxId, table.personId] }),
    index("role_inbox_members_person").on(table.personId),
  ],
);

/** Someone away names who acts for them, from one date to another (London dates, inclusive). */
export const absenceDelegations = pgTable(
  "absence_delegations",
  {
    id: uuid("id").primaryKey(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    delegateId: uuid("delegate_id")
      .notNull()
      .references(() => people.id),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (table) => [
    index("absence_delegations_person").on(table.personId, table.startsOn),
    index("absence_delegations_delegate").on(table.delegateId, table.startsOn),
    check("absence_delegations_dates", sql`${table.endsOn} >= ${table.startsOn}`),
    check("absence_delegations_not_self", sql`${table.personId} <> ${table.delegateId}`),
  ],
);

/**
 * Every change an administrator makes to the partnership's set-up: append-only, like the
 * escalation events (a trigger refuses UPDATE and DELETE). The actor is null for the first
 * administrator, made by `resolve admin create`.
 */
export const adminChanges = pgTable(
  "admin_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    actorPersonId: uuid("actor_person_id").references(() => people.id),
    occurredAt: instant("occurred_at").notNull(),
    kind: text("kind").notNull(),
    recordType: text("record_type").notNull(),
    recordId: text("record_id").notNull(),
    beforeValues: jsonb("before_values"),
    afterValues: jsonb("after_values"),
  },
  (table) => [index("admin_changes_partnership").on(table.partnershipId, table.id.desc())],
);

/** A partnership's OpenID Connect provider, for single sign-on: one at most per partnership. */
export const singleSignOnProviders = pgTable("single_sign_on_providers", {
  partnershipId: uuid("partnership_id")
    .primaryKey()
    .references(() => partnerships.id),
  /** Names the button: "Sign in with Dorset Council account". */
  label: text("label").notNull(),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecret: text("client_secret").notNull(),
  updatedAt: instant("updated_at").notNull(),
  updatedBy: uuid("updated_by")
    .notNull()
    .references(() => people.id),
});

/** Who set or removed a partnership's provider, and when: append-only, and never the secret. */
export const singleSignOnChanges = pgTable(
  "single_sign_on_changes",
  {
    id: uuid("id").primaryKey(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    change: text("change", { enum: ["set", "removed"] }).notNull(),
    label: text("label"),
    issuer: text("issuer"),
    clientId: text("client_id"),
    secretChanged: boolean("secret_changed").notNull(),
    changedBy: uuid("changed_by")
      .notNull()
      .references(() => people.id),
    changedAt: instant("changed_at").notNull(),
  },
  (table) => [
    index("single_sign_on_changes_partnership").on(table.partnershipId, table.changedAt),
    check("single_sign_on_changes_change", sql`${table.change} IN ('set', 'removed')`),
  ],
);

/** A sign-in on its way through the provider, for ten minutes at most. The id is a hash. */
export const singleSignOnAttempts = pgTable(
  "single_sign_on_attempts",
  {
    idHash: text("id_hash").primaryKey(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    state: text("state").notNull(),
    nonce: text("nonce").notNull(),
    codeVerifier: text("code_verifier").notNull(),
    returnTo: text("return_to").notNull(),
    expiresAt: instant("expires_at").notNull(),
  },
  (table) => [index("single_sign_on_attempts_expires").on(table.expiresAt)],
);

/**
 * Failed sign-ins in a row, by a hash of the email address typed, whether or not anyone has it:
 * an unknown address is locked just as a known one is, so locking reveals nothing.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    emailHash: text("email_hash").primaryKey(),
    failures: integer("failures").notNull(),
    lockedUntil: instant("locked_until"),
    lastFailedAt: instant("last_failed_at").notNull(),
  },
  (table) => [check("sign_in_attempts_failures_positive", sql`${table.failures} > 0`)],
);

/** A password accepted, waiting for the authenticator app's code. The id is a hash. */
export const signInChallenges = pgTable(
  "sign_in_challenges",
  {
    idHash: text("id_hash").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    returnTo: text("return_to").notNull(),
    expiresAt: instant("expires_at").notNull(),
  },
  (table) => [index("sign_in_challenges_person").on(table.personId)],
);

/** Emailed links to set a new password: single use, an hour at most. Only the token's hash. */
export const passwordResets = pgTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    createdAt: instant("created_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
  },
  (table) => [index("password_resets_person").on(table.personId)],
);

/**
 * What Resolve tells people: each row is one message to one person, shown in the app and, when
 * `delivery` is not "none", emailed. `key` names its cause (escalation, stage round, kind,
 * recipient), unique, so the same message is never made twice. Subject and body hold no child
 * details. Delivery: none (in-app only) · digest (waiting to go in a daily digest) · pending ·
 * sending (claimed until `claimedUntil`) · sent · failed (gave up after the retry limit).
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    recipientPersonId: uuid("recipient_person_id")
      .notNull()
      .references(() => people.id),
    escalationId: uuid("escalation_id"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** A path in Resolve, e.g. /escalations/…, made absolute with RESOLVE_PUBLIC_URL in emails. */
    link: text("link"),
    createdAt: instant("created_at").notNull(),
    readAt: instant("read_at"),
    email: text("email"),
    delivery: text("delivery", {
      enum: ["none", "digest", "pending", "sending", "sent", "failed"],
    }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at"),
    claimedUntil: instant("claimed_until"),
    lastError: text("last_error"),
    sentAt: instant("sent_at"),
    providerReference: text("provider_reference"),
    /** For a message held for the digest (delivery "digest"): the digest it went out in. */
    digestId: uuid("digest_id"),
  },
  (table) => [
    uniqueIndex("messages_key").on(table.key),
    index("messages_recipient").on(
      table.recipientPersonId,
      table.createdAt.desc(),
      table.id.desc(),
    ),
    index("messages_unread").on(table.recipientPersonId).where(sql`${table.readAt} IS NULL`),
    index("messages_due")
      .on(table.nextAttemptAt)
      .where(sql`${table.delivery} IN ('pending', 'sending')`),
    index("messages_outbox").on(table.partnershipId, table.createdAt.desc(), table.id.desc()),
    index("messages_failed")
      .on(table.partnershipId, table.createdAt.desc(), table.id.desc())
      .where(sql`${table.delivery} = 'failed'`),
    index("messages_held")
      .on(table.partnershipId, table.recipientPersonId, table.createdAt)
      .where(sql`${table.delivery} = 'digest' AND ${table.digestId} IS NULL`),
    check(
      "messages_delivery",
      sql`${table.delivery} IN ('none', 'digest', 'pending', 'sending', 'sent', 'failed')`,
    ),
    check(
      "messages_email_when_sent",
      sql`${table.delivery} IN ('none', 'digest') OR ${table.email} IS NOT NULL`,
    ),
  ],
);

/**
 * Who was shown a child's details, when, and on which page: one row each time a person opens a
 * non-thematic escalation's page or its printable record. Append-only (a trigger refuses UPDATE
 * and DELETE). `personId` is the person who looked, even when they act for someone else. The
 * reference is kept so administrators, whom row-level security keeps from escalations, can read it.
 */
export const childDetailViews = pgTable(
  "child_detail_views",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    escalationId: uuid("escalation_id").notNull(),
    escalationReference: text("escalation_reference").notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    /** The person's agency when they looked; null for someone in none (the partnership team). */
    agencyId: uuid("agency_id").references(() => agencies.id),
    viewedAt: instant("viewed_at").notNull(),
    /** escalation: the escalation's page · record: its printable record for the child's file. */
    viewed: text("viewed", { enum: ["escalation", "record"] }).notNull(),
  },
  (table) => [
    index("child_detail_views_partnership").on(table.partnershipId, table.id.desc()),
    index("child_detail_views_reference").on(
      table.partnershipId,
      table.escalationReference,
      table.id.desc(),
    ),
    index("child_detail_views_escalation").on(table.escalationId, table.id.desc()),
    index("child_detail_views_person").on(table.personId, table.id.desc()),
    check("child_detail_views_viewed", sql`${table.viewed} IN ('escalation', 'record')`),
  ],
);
