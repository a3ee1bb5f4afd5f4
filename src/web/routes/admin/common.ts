import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../../../app/admin/changes.ts";
import { findPartnership, type Partnership } from "../../../db/directory.ts";
import type { SECTORS } from "../../../db/schema.ts";
import type { Nation } from "../../../engine/calendar/index.ts";
import { ADMINISTRATOR, mayAdminister } from "../../../engine/policy/index.ts";
import type { Procedure } from "../../../engine/procedure/schema.ts";
import { type FormReader, fieldsOf, sentenceCase, single } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { requireSignIn, signedIn } from "../../plugins/sessions.ts";
import type { WebServices } from "../../services.ts";

// What the administration pages share: the guard, the sub-navigation, the confirmation banners,
// the partnership being administered, and page numbers for long lists.

/** A preHandler: signed-out visitors go to sign in; signed-in people who do not administer are refused. */
export async function requireAdministrator(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  if (request.person === null) return requireSignIn(request, reply);
  if (!mayAdminister(request.person)) {
    throw new HttpError(403, "administration is for the partnership's administrators");
  }
}

/** The signed-in administrator, as the use cases take them. */
export function actorOf(request: FastifyRequest): Actor {
  const person = signedIn(request);
  return { id: person.id, partnershipId: person.partnershipId };
}

/** The partnership the signed-in person belongs to, and the procedure it runs now. */
export async function partnershipOf(
  services: WebServices,
  request: FastifyRequest,
): Promise<{ partnership: Partnership; procedure: Procedure }> {
  const partnership = await findPartnership(services.db, signedIn(request).partnershipId);
  if (partnership === undefined) throw new HttpError(404, "the person's partnership is gone");
  const procedure = await services.procedures(
    partnership.procedureId,
    partnership.procedureVersion,
  );
  return { partnership, procedure };
}

const SECTIONS = [
  { href: "/admin/agencies", text: "Agencies" },
  { href: "/admin/people", text: "People" },
  { href: "/admin/inboxes", text: "Role inboxes" },
  { href: "/admin/settings", text: "Settings" },
  { href: "/admin/single-sign-on", text: "Single sign-on" },
  { href: "/admin/outbox", text: "Outbox" },
  { href: "/admin/views", text: "Record of views" },
  { href: "/admin/history", text: "History" },
] as const;

/** The sub-navigation between the sections, for MoJ's sub-navigation component. */
export function adminNavigation(path: string) {
  const pathname = path.split("?")[0] ?? path;
  return SECTIONS.map((section) => ({
    ...section,
    active: pathname === section.href || pathname.startsWith(`${section.href}/`),
  }));
}

/** The banner shown after each change, by the `done` value of the page it redirects to. */
const DONE: Record<string, string> = {
  "agency-added": "Agency added",
  "agency-changed": "Agency changed",
  "agency-deactivated": "Agency made inactive",
  "agency-reactivated": "Agency made active again",
  "person-added": "Person added",
  "person-changed": "Person changed",
  "person-deactivated": "Person deactivated and signed out",
  "person-reactivated": "Person reactivated",
  "authenticator-removed":
    "Authenticator app removed: they can sign in with their password and set up a new one",
  "inbox-added": "Role inbox added",
  "inbox-changed": "Role inbox changed",
  "inbox-removed": "Role inbox removed: work for its role reaches the role's holders",
  "delegation-added": "Delegate named",
  "delegation-removed": "Delegate removed",
  "settings-changed": "Settings changed",
  "holiday-added": "Bank holiday added: deadlines still running have moved",
  "holiday-removed": "Bank holiday removed: deadlines still running have moved",
  "email-retried": "The email is waiting to be sent again",
};

export type Done = keyof typeof DONE;

/** The confirmation for `?done=…`, or null: only the messages above, never text from the link. */
export function doneMessage(query: unknown): string | null {
  const done = single(fieldsOf(query), "done");
  return typeof done === "string" && Object.hasOwn(DONE, done) ? (DONE[done] ?? null) : null;
}

/** Where to go after a change: the page, with its confirmation banner. */
export function afterChange(reply: FastifyReply, path: string, done: Done) {
  return reply.redirect(`${path}?done=${done}`, 303);
}

/** The nations whose bank holidays a partnership can keep. */
export const NATION_NAMES: Record<Nation, string> = {
  "england-and-wales": "England and Wales",
  scotland: "Scotland",
  "northern-ireland": "Northern Ireland",
};

/** Names of the sectors, in the order offered. */
export const SECTOR_NAMES: Record<(typeof SECTORS)[number], string> = {
  "childrens-social-care": "Children’s social care",
  police: "Police",
  health: "Health",
  education: "Education",
  "early-years": "Early years",
  voluntary: "Voluntary and community sector",
  "adult-services": "Adult services",
  probation: "Probation",
  housing: "Housing",
  other: "Other",
};

/** The roles a person can hold: the procedure's, then the service's administrator role. */
export function roleChoices(
  procedure: Procedure,
): { value: string; text: string; hint?: string }[] {
  return [
    ...procedure.roles.map((role) => ({
      value: role.id,
      text: role.name,
      ...(role.description === undefined ? {} : { hint: role.description }),
    })),
    {
      value: ADMINISTRATOR,
      text: "Administrator",
      hint: "Manages the partnership’s agencies, people, role inboxes and settings in Resolve.",
    },
  ];
}

/** A role's name, from the procedure (or the administrator role), else its id. */
export function roleName(procedure: Procedure, role: string): string {
  return roleChoices(procedure).find((choice) => choice.value === role)?.text ?? role;
}

/** The page asked for by `?page=`, from 1; anything else is the first page. */
export function pageNumber(query: unknown): number {
  const raw = single(fieldsOf(query), "page");
  const page = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(page, 1);
}

/**
 * The parameters of govukPagination for page `page` of `total` rows, `size` to a page, or null
 * when everything fits on one page. `href(n)` is the link to page n.
 */
export function pagination(
  total: number,
  page: number,
  size: number,
  href: (page: number) => string,
  landmarkLabel: string,
) {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return null;
  // The first, the last, and the pages either side of this one; "…" for any gap.
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items = shown.flatMap((n, index) => {
    const gap = index > 0 && n - (shown[index - 1] ?? n) > 1 ? [{ ellipsis: true }] : [];
    return [...gap, { number: n, href: href(n), current: n === page }];
  });
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    landmarkLabel,
  };
}

/** The longest name of an agency, a person, a job title or an inbox. */
const NAME_MAX = 200;

/**
 * A name or title: text up to NAME_MAX characters, without < or >, which no name needs and
 * which are more likely pasted markup than anything meant.
 */
export function readName(
  form: FormReader,
  field: string,
  what: string,
  options: { required?: boolean } = {},
): string {
  const name = form.text(field, what, { ...options, max: NAME_MAX, named: sentenceCase(what) });
  if (/[<>]/.test(name)) {
    form.add(field, `${sentenceCase(what)} must not include < or >`);
    return "";
  }
  return name;
}
