import type { FastifyInstance } from "fastify";
import type { ChangeKind } from "../../../app/admin/changes.ts";
import { reminderText } from "../../../app/notifications/timing.ts";
import { type AdminChange, listChanges } from "../../../db/administration.ts";
import type { Nation } from "../../../engine/calendar/index.ts";
import { formatDate, formatInstant } from "../../../engine/calendar/index.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
import { deliveryText } from "../../presenters/messages.ts";
import type { WebServices } from "../../services.ts";
import {
  adminNavigation,
  NATION_NAMES,
  pageNumber,
  pagination,
  partnershipOf,
  roleName,
  SECTOR_NAMES,
} from "./common.ts";

/** Changes on one page of the history. */
export const HISTORY_PAGE_SIZE = 30;

const KIND_WORDS: Record<ChangeKind, string> = {
  "partnership-created": "Partnership created",
  "agency-added": "Agency added",
  "agency-changed": "Agency changed",
  "agency-deactivated": "Agency made inactive",
  "agency-reactivated": "Agency made active again",
  "person-added": "Person added",
  "person-changed": "Person changed",
  "person-deactivated": "Person deactivated",
  "person-reactivated": "Person reactivated",
  "authenticator-removed": "Authenticator app removed",
  "inbox-added": "Role inbox added",
  "inbox-changed": "Role inbox changed",
  "inbox-removed": "Role inbox removed",
  "delegation-added": "Delegate named",
  "delegation-removed": "Delegate removed",
  "settings-changed": "Settings changed",
  "holiday-added": "Bank holiday added",
  "holiday-removed": "Bank holiday removed",
  "email-retried": "Email to be tried again",
};

const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  email: "Email address",
  jobTitle: "Job title",
  agency: "Agency",
  sector: "Sector",
  role: "Role",
  roles: "Roles",
  members: "Worked by",
  active: "Status",
  authenticatorApp: "Authenticator app",
  person: "Away",
  delegate: "Delegate",
  from: "From",
  to: "To",
  date: "Date",
  procedure: "Procedure",
  nation: "Bank holidays",
  closeOfBusiness: "Close of business",
  retentionMonths: "Keep closed escalations for",
  reminderWorkingDays: "Deadline reminders",
  timescales: "Open timescales",
  recipient: "To",
  delivery: "Status",
};

type Values = Record<string, unknown>;

/** A recorded value in words. */
function valueText(field: string, value: unknown, procedure: Procedure): string {
  if (value === null || value === undefined || value === "") return "none";
  if (field === "active") return value === true ? "Active" : "Inactive";
  if (field === "nation") return NATION_NAMES[value as Nation] ?? String(value);
  if (field === "sector") return SECTOR_NAMES[value as keyof typeof SECTOR_NAMES] ?? String(value);
  if (field === "role") return roleName(procedure, String(value));
  if (field === "roles" && Array.isArray(value)) {
    return value.map((role) => roleName(procedure, String(role))).join(", ") || "none";
  }
  if ((field === "from" || field === "to" || field === "date") && typeof value === "string")
    return formatDate(value);
  if (field === "retentionMonths") return `${value} months`;
  if (field === "reminderWorkingDays") return reminderText(Number(value));
  if (field === "delivery") return deliveryText(String(value));
  if (Array.isArray(value)) return value.join(", ") || "none";
  if (typeof value === "object") {
    const entries = Object.entries(value as Values);
    return entries.length === 0 ? "none set" : entries.map(([k, v]) => `${k}: ${v}`).join(", ");
  }
  return String(value);
}

/** What a change did, a line a field: added and removed records list their values; changes show before and after. */
function details(change: AdminChange, procedure: Procedure): string[] {
  const before = (change.beforeValues ?? null) as Values | null;
  const after = (change.afterValues ?? null) as Values | null;
  // In the order the record's pages show them (jsonb keeps its own order).
  const known = Object.keys(FIELD_LABELS);
  const position = (field: string) => (known.includes(field) ? known.indexOf(field) : known.length);
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort(
    (a, b) => position(a) - position(b),
  );
  const label = (field: string) => FIELD_LABELS[field] ?? field;
  if (before === null || after === null) {
    const values = (after ?? before ?? {}) as Values;
    return fields.map((field) => `${label(field)}: ${valueText(field, values[field], procedure)}`);
  }
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map(
      (field) =>
        `${label(field)}: ${valueText(field, before[field], procedure)} → ${valueText(field, after[field], procedure)}`,
    );
}

/** What the change was about: the record's name, or who was away and who covered. */
function subject(change: AdminChange): string {
  const values = (change.afterValues ?? change.beforeValues ?? {}) as Values;
  if (change.recordType === "delegation") return `${values.delegate} for ${values.person}`;
  if (change.recordType === "partnership" && typeof values.name !== "string") return "";
  return String(values.name ?? "");
}

/** The history of every administrative change, newest first. */
export async function historyRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.get("/admin/history", async (request, reply) => {
    const { partnership, procedure } = await partnershipOf(services, request);
    const page = pageNumber(request.query);
    const { rows, total } = await listChanges(services.db, partnership.id, {
      offset: (page - 1) * HISTORY_PAGE_SIZE,
      limit: HISTORY_PAGE_SIZE,
    });
    return reply.render("admin/history.njk", {
      adminNavigation: adminNavigation(request.url),
      total,
      changes: rows.map((change) => ({
        at: formatInstant(change.occurredAt),
        who: change.actorName ?? "The command line (resolve admin create)",
        what: KIND_WORDS[change.kind as ChangeKind] ?? change.kind,
        subject: subject(change),
        details: details(change, procedure),
      })),
      pagination: pagination(
        total,
        page,
        HISTORY_PAGE_SIZE,
        (n) => (n === 1 ? "/admin/history" : `/admin/history?page=${n}`),
        "Pages of the history",
      ),
    });
  });
}
