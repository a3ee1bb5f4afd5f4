import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** The page shown for each status; any other 4xx shows bad-request, any 5xx problem. */
const PAGES: Record<number, string> = {
  400: "errors/bad-request.njk",
  403: "errors/forbidden.njk",
  404: "errors/not-found.njk",
  413: "errors/too-large.njk",
  429: "errors/too-many-requests.njk",
  500: "errors/problem.njk",
};

/** Shown only if the error page itself cannot be rendered. */
const LAST_RESORT =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
  "<title>Sorry, there is a problem with the service – Resolve</title></head>" +
  "<body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></body></html>";

/** The status to answer an error with: its own if it is an HTTP error, 400 if invalid, else 500. */
export function statusFor(error: FastifyError | Error): number {
  if ("validation" in error && error.validation) return 400;
  const status = "statusCode" in error ? Number(error.statusCode) : Number.NaN;
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

export function errorPageFor(status: number): string {
  return PAGES[status] ?? (status < 500 ? "errors/bad-request.njk" : "errors/problem.njk");
}

function renderErrorPage(request: FastifyRequest, reply: FastifyReply, status: number) {
  reply.code(status);
  try {
    return reply.render(errorPageFor(status));
  } catch (renderError) {
    request.log.error({ err: renderError }, "the error page could not be rendered");
    return reply.type("text/html; charset=utf-8").send(LAST_RESORT);
  }
}

/**
 * GOV.UK error pages, in the layout, for everything that goes wrong: pages not found (404),
 * no access (403: throw `new HttpError(403, why)`), bodies too large (413) or unreadable, and
 * failed validation (400), and anything else (500, logged, never showing its details).
 *
 * The pages are rendered with the request's `reply.locals`, so an error in one of the service's
 * pages (inside the sessions context) shows who is signed in and Sign out, as the page would
 * have. A request matching no route never enters that context: its 404 page shows no one.
 */
export async function errorPages(app: FastifyInstance): Promise<void> {
  app.setNotFoundHandler((request, reply) => renderErrorPage(request, reply, 404));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusFor(error);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ err: error, status }, "request refused");
    return renderErrorPage(request, reply, status);
  });
}
