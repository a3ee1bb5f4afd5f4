import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { retryEmail } from "../../../app/admin/outbox.ts";
import {
  countFailed,
  type Delivery,
  findMessage,
  listOutbox,
} from "../../../db/message-queries.ts";
import { mayReadOutbox } from "../../../engine/policy/index.ts";
import { fieldsOf, single } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { signedIn } from "../../plugins/sessions.ts";
import { presentEmail, readAfter } from "../../presenters/messages.ts";
import type { WebServices } from "../../services.ts";
import { actorOf, adminNavigation, afterChange, doneMessage } from "./common.ts";

/** Emails on one page of the outbox. */
export const OUTBOX_PAGE_SIZE = 25;

/** The outbox's filter: which emails to show, by how their sending stands. */
const SHOW: Record<string, { text: string; none: string; deliveries?: readonly Delivery[] }> = {
  "": { text: "All emails", none: "Resolve has not written any emails yet." },
  failed: {
    text: "Not sent",
    none: "Every email has been sent or is still being tried.",
    deliveries: ["failed"],
  },
  waiting: {
    text: "Waiting to send",
    none: "No emails are waiting to be sent.",
    deliveries: ["pending", "sending"],
  },
  digest: {
    text: "Held for the daily digest",
    none: "No emails are held for the daily digest.",
    deliveries: ["digest"],
  },
  sent: { text: "Sent", none: "No emails have been sent yet.", deliveries: ["sent"] },
};

/** The outbox's address with this filter, on the page after `after`. */
function outboxHref(status: string, after?: string): string {
  const params = new URLSearchParams();
  if (status !== "") params.append("status", status);
  if (after !== undefined) params.append("after", after);
  const search = params.toString();
  return search === "" ? "/admin/outbox" : `/admin/outbox?${search}`;
}

/** A preHandler for administration's pages: how many emails could not be sent, for its banner. */
export function failedEmailsFor(services: WebServices) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.method !== "GET" || request.person === null) return;
    if (!mayReadOutbox(request.person)) return;
    reply.locals.failedEmails = await countFailed(services.db, request.person.partnershipId);
  };
}

/**
 * The outbox: every email of the partnership, newest first, with how its sending stands, so
 * administrators see what reached people and what did not; a failed one can be tried again.
 */
export async function outboxRoutes(app: FastifyInstance, { services }: { services: WebServices }) {
  app.get("/admin/outbox", async (request, reply) => {
    const person = signedIn(request);
    if (!mayReadOutbox(person)) throw new HttpError(403, "the outbox is for administrators");
    const query = fieldsOf(request.query);
    const raw = single(query, "status");
    const status = typeof raw === "string" && Object.hasOwn(SHOW, raw) ? raw : "";
    const after = readAfter(query);
    const page = await listOutbox(
      services.db,
      person.partnershipId,
      { deliveries: SHOW[status]?.deliveries },
      { after: after.id, size: OUTBOX_PAGE_SIZE },
    );
    const ignoredPage = after.ignored || page.ignoredAfter;
    return reply.render("admin/outbox.njk", {
      adminNavigation: adminNavigation(request.url),
      success: doneMessage(request.query),
      emails: page.rows.map(presentEmail),
      status,
      showing: SHOW[status]?.text,
      none: SHOW[status]?.none,
      choices: Object.entries(SHOW).map(([value, choice]) => ({
        value,
        text: choice.text,
        selected: value === status,
      })),
      ignoredStatus: raw !== undefined && raw !== status,
      ignoredPage,
      firstPage: after.id !== undefined && !ignoredPage ? outboxHref(status) : null,
      nextPage: page.next === undefined ? null : outboxHref(status, page.next),
    });
  });

  app.post<{ Params: { id: string } }>("/admin/outbox/:id/retry", async (request, reply) => {
    const person = signedIn(request);
    const message = await findMessage(services.db, request.params.id);
    if (
      !mayReadOutbox(person) ||
      message === undefined ||
      message.partnershipId !== person.partnershipId
    ) {
      throw new HttpError(404, "no such email in this partnership's outbox");
    }
    const outcome = await retryEmail(services, actorOf(request), message.id);
    // Tried again already (a second press, or another administrator): nothing more to do.
    if (!outcome.ok) return reply.redirect(outboxHref("failed"), 303);
    return afterChange(reply, "/admin/outbox", "email-retried");
  });
}
