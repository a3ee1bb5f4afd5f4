import type { FastifyInstance } from "fastify";
import { listOutbox } from "../../../db/message-queries.ts";
import { mayReadDemoMailbox } from "../../../engine/policy/index.ts";
import { fieldsOf } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { requireSignIn, signedIn } from "../../plugins/sessions.ts";
import { presentEmail, readAfter } from "../../presenters/messages.ts";
import type { WebServices } from "../../services.ts";

/** Emails on one page of the demo mailbox. */
export const MAILBOX_PAGE_SIZE = 20;

/**
 * The demo mailbox, in demo mode only: every email of the person's partnership, whoever it is
 * to, as Resolve would send it, so someone trying Resolve sees what people would be told.
 */
export async function demoMailboxRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.get("/demo/mailbox", { preHandler: requireSignIn }, async (request, reply) => {
    const person = signedIn(request);
    if (!mayReadDemoMailbox(person, services.config.demo)) {
      throw new HttpError(404, "the demo mailbox is there in demo mode only");
    }
    const after = readAfter(fieldsOf(request.query));
    const page = await listOutbox(
      services.db,
      person.partnershipId,
      {},
      { after: after.id, size: MAILBOX_PAGE_SIZE },
    );
    const ignoredPage = after.ignored || page.ignoredAfter;
    return reply.render("demo-mailbox/mailbox.njk", {
      emails: page.rows.map(presentEmail),
      ignoredPage,
      firstPage: after.id !== undefined && !ignoredPage ? "/demo/mailbox" : null,
      nextPage: page.next === undefined ? null : `/demo/mailbox?after=${page.next}`,
    });
  });
}
