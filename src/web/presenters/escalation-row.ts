import type { Access } from "../../app/access.ts";
import { deadlineStatus } from "../../app/deadline-status.ts";
import type { ProcedureStore } from "../../app/procedure-registry.ts";
import { calendarOf } from "../../app/procedures.ts";
import type { Services } from "../../app/services.ts";
import type { Agency, Partnership, Person } from "../../db/directory.ts";
import type { EscalationListRow } from "../../db/escalation-queries.ts";
import { type Calendar, formatDate } from "../../engine/calendar/index.ts";
import type { Status } from "../../engine/escalation/index.ts";
import type { Visibility } from "../../engine/policy/index.ts";
import type { Procedure } from "../../engine/procedure/schema.ts";

// One escalation as a line of a list (your work, the log): the row of the read model put into
// the words people use, from the point of view of the person looking at it.
//
// A list says nothing about the child: not their initials or reference, date of birth or status.
// Viewing a child's details is recorded (src/app/child-detail-views.ts), and a list of fifty
// escalations recorded as fifty views would bury the views that matter; so the child is shown
// only on the escalation's own page and its printable record, where each view is recorded. A
// list identifies an escalation by its reference, agencies, category and stage instead.

/** Each status in words, and the colour of its tag (none: GOV.UK's default blue). */
export const STATUSES: Record<Status, { text: string; colour: string | null }> = {
  open: { text: "Open", colour: null },
  "resolution-proposed": { text: "Resolution proposed", colour: "purple" },
  resolved: { text: "Resolved", colour: "green" },
  "closed-with-disagreement": { text: "Closed, disagreement noted", colour: "yellow" },
  withdrawn: { text: "Withdrawn", colour: "grey" },
  redirected: { text: "Redirected", colour: "grey" },
};

export interface EscalationRowView {
  id: string;
  href: string;
  reference: string;
  thematic: boolean;
  raisingAgency: string;
  receivingAgencies: string[];
  /** Which side the viewer's agency is on; null when it is not a party (the partnership team). */
  side: "raising" | "receiving" | null;
  /** The agencies on the other side from the viewer's, or both sides for someone on neither. */
  otherAgencies: string;
  /** How the viewer stands to it: "You raised it", "Raised with you", or who raised it with whom. */
  relationship: string;
  category: string;
  /** The stage's name in the procedure version the escalation runs under, with its round. */
  stage: string;
  status: { id: string; text: string; colour: string | null };
  running: boolean;
  /** The options for the deadline tag (components/deadline-tag), or null once it has ended. */
  deadline: {
    dueAt: string | null;
    dueDate: string | null;
    workingDaysLeft: number | null;
    overdue: boolean;
  } | null;
  /** "Tue 4 Mar 2025" when it has ended. */
  closedOn: string | null;
}

export interface RowContext {
  /** The procedure version the row runs under. */
  procedure: Procedure;
  /** Agency names by id, the partnership's inactive agencies included. */
  agencyNames: ReadonlyMap<string, string>;
  /** The viewer's agency, or null for someone who works for the partnership. */
  viewerAgencyId: string | null;
  /** The partnership's calendar: deadlines are counted in its working days. */
  calendar: Calendar;
  now: string;
}

export function presentEscalationRow(
  row: EscalationListRow,
  context: RowContext,
): EscalationRowView {
  const { procedure, calendar } = context;
  const agency = (id: string) => context.agencyNames.get(id) ?? "An agency no longer listed";
  const raisingAgency = agency(row.raisingAgencyId);
  const receivingAgencies = row.receivingAgencyIds.map(agency);
  const viewer = context.viewerAgencyId;
  const side =
    viewer === null
      ? null
      : row.raisingAgencyId === viewer
        ? "raising"
        : row.receivingAgencyIds.includes(viewer)
          ? "receiving"
          : null;
  const others =
    side === "raising"
      ? receivingAgencies
      : side === "receiving"
        ? [
            raisingAgency,
            ...receivingAgencies.filter((_, i) => row.receivingAgencyIds[i] !== viewer),
          ]
        : [raisingAgency, ...receivingAgencies];
  const relationship =
    side === "raising"
      ? "Your agency raised it"
      : side === "receiving"
        ? "Raised with your agency"
        : `Raised by ${raisingAgency} with ${listInWords(receivingAgencies)}`;

  const stageDefinition = procedure.tracks[row.track]?.stages.find((s) => s.id === row.stage);
  const stage = `${stageDefinition?.name ?? row.stage}${row.round > 1 ? `, round ${row.round}` : ""}`;
  const category = procedure.categories.find((c) => c.id === row.category)?.name ?? row.category;
  const status = STATUSES[row.status as Status] ?? { text: row.status, colour: "grey" };
  const running = row.status === "open" || row.status === "resolution-proposed";
  const dueStatus = deadlineStatus(row.nextDueAt, context.now, calendar);

  return {
    id: row.id,
    href: `/escalations/${row.id}`,
    reference: row.reference,
    thematic: row.thematic,
    raisingAgency,
    receivingAgencies,
    side,
    otherAgencies: listInWords(others),
    relationship,
    category,
    stage,
    status: { id: row.status, ...status },
    running,
    deadline: running
      ? {
          dueAt: dueStatus.dueAt,
          dueDate:
            dueStatus.dueAt === null ? null : formatDate(calendar.localDate(dueStatus.dueAt)),
          workingDaysLeft: dueStatus.overdue ? null : dueStatus.workingDaysLeft,
          overdue: dueStatus.overdue,
        }
      : null,
    // The database gives instants in its own format ("2025-03-04 09:00:00+00"): read them first.
    closedOn:
      row.closedAt === null
        ? null
        : formatDate(calendar.localDate(new Date(row.closedAt).toISOString())),
  };
}

/**
 * The rows of a list, each read with the procedure version it runs under (an escalation keeps
 * the version it was raised under, so one list can hold several).
 */
export async function presentEscalationRows(
  rows: readonly EscalationListRow[],
  context: Omit<RowContext, "procedure"> & { procedures: ProcedureStore },
): Promise<EscalationRowView[]> {
  const { procedures, ...rest } = context;
  const versions = new Map<string, Procedure>();
  for (const row of rows) {
    const key = `${row.procedureId}@${row.procedureVersion}`;
    if (!versions.has(key))
      versions.set(key, await procedures(row.procedureId, row.procedureVersion));
  }
  return rows.map((row) =>
    presentEscalationRow(row, {
      ...rest,
      procedure: versions.get(`${row.procedureId}@${row.procedureVersion}`) as Procedure,
    }),
  );
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** What a list of escalations needs to know about the person looking at it and their partnership. */
export interface ListSetting {
  person: Person;
  partnership: Partnership;
  /** The partnership's current procedure: the one new escalations are raised under. */
  procedure: Procedure;
  calendar: Calendar;
  agencies: Agency[];
  /** The viewer's own agency, or undefined for someone who works for the partnership. */
  agency: Agency | undefined;
  viewer: Visibility;
  /** The names of the stages the procedure brings to the viewer's team; none for most people. */
  routedStages: string[];
  now: string;
}

export function listSetting(services: Services, access: Access): ListSetting {
  const { person, partnership, agencies, procedure, visibility } = access;
  return {
    person,
    partnership,
    procedure,
    calendar: calendarOf(partnership),
    agencies,
    agency: agencies.find((candidate) => candidate.id === person.agencyId),
    viewer: visibility,
    routedStages: visibility.overseen.map(
      ({ track, stage }) =>
        procedure.tracks[track]?.stages.find((candidate) => candidate.id === stage)?.name ?? stage,
    ),
    now: services.now(),
  };
}

/** The rows, presented for the person in their setting. */
export function presentForSetting(
  rows: readonly EscalationListRow[],
  setting: ListSetting,
  procedures: ProcedureStore,
): Promise<EscalationRowView[]> {
  return presentEscalationRows(rows, {
    procedures,
    agencyNames: new Map(setting.agencies.map((agency) => [agency.id, agency.name])),
    viewerAgencyId: setting.person.agencyId,
    calendar: setting.calendar,
    now: setting.now,
  });
}
