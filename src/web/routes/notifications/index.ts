import type { FastifyInstance } from "fastify";
import { findMessage, listMessagesTo, markAllRead, markRead } from "../../../db/message-queries.ts";
import { mayReadMessage } from "../../../engine/policy/index.ts";
import { fieldsOf, single } from "../../forms/index.ts";
import { HttpError } from "../../http-error.ts";
import { requireSignIn, signedIn } from "../../plugins/sessions.ts";
import { localLink, presentMessage, readAfter } from "../../presenters/messages.ts";
import type { WebServices } from "../../services.ts";

/** Notifications on one page. */
export const NOTIFICATIONS_PAGE_SIZE = 20;

/**
 * Your notifications: the signed-in person's own messages, newest first, the unread ones
 * marked. Following a message's link goes through Resolve, which marks it read first.
 */
export async function notificationRoutes(
  app: FastifyInstance,
  { services }: { services: WebServices },
) {
  app.get("/notifications", { preHandler: requireSignIn }, async (request, reply) => {
    const query = fieldsOf(request.query);
    const after = readAfter(query);
    const page = await listMessagesTo(services.db, signedIn(request).id, {
      after: after.id,
      size: NOTIFICATIONS_PAGE_SIZE,
    });
    const ignoredPage = after.ignored || page.ignoredAfter;
    return reply.render("notifications/notifications.njk", {
      messages: page.rows.map(presentMessage),
      allRead: single(query, "done") === "all-read",
      ignoredPage,
      firstPage: after.id !== undefined && !ignoredPage ? "/notifications" : null,
      nextPage: page.next === undefined ? null : `/notifications?after=${page.next}`,
    });
  });

  // Marks the message read, then follows its link (or comes back here when it has none).
  app.post<{ Params: { id: string } }>(
    "/notifications/:id/read",
    { preHandler: requireSignIn },
    async (request, reply) => {
      const person = signedIn(request);
      const message = await findMessage(services.db, request.params.id);
      if (message === undefined || !mayReadMessage(person, message)) {
        throw new HttpError(404, "no such message to this person");
      }
      await markRead(services.db, message.id, services.now());
      return reply.redirect(localLink(message.link) ?? "/notifications", 303);
    },
  );

  app.post("/notifications/read-all", { preHandler: requireSignIn }, async (request, reply) => {
    await markAllRead(services.db, signedIn(request).id, services.now());
    return reply.redirect("/notifications?done=all-read", 303);
  });
}
