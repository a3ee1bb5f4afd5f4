import assert from "node:assert/strict";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

// Driving the administration pages in app.inject tests, as a signed-in browser would.

export const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replace(/\s+/g, " ");

/** The messages of the page's GOV.UK error summary. */
export function errorSummary(html: string): string[] {
  const summary = /data-qa="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
  return [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((match) =>
    text(match[2] ?? "").trim(),
  );
}

/** A signed-in browser: GET and POST (url-encoded, with the session's CSRF token). */
export function browser(app: FastifyInstance, session: { cookie: string; csrfToken: string }) {
  return {
    get: (url: string) => app.inject({ method: "GET", url, headers: { cookie: session.cookie } }),
    post: (url: string, fields: Record<string, string | string[]> = {}) => {
      const body = new URLSearchParams();
      body.append("_csrf", session.csrfToken);
      for (const [name, value] of Object.entries(fields)) {
        for (const each of Array.isArray(value) ? value : [value]) body.append(name, each);
      }
      return app.inject({
        method: "POST",
        url,
        headers: {
          cookie: session.cookie,
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: body.toString(),
      });
    },
  };
}

export type Browser = ReturnType<typeof browser>;

/** Asserts a POST-redirect-GET: 303 to `pattern`, and returns the page it leads to. */
export async function followed(
  browserOf: Browser,
  response: LightMyRequestResponse,
  pattern: RegExp,
): Promise<{ location: string; page: LightMyRequestResponse }> {
  assert.equal(
    response.statusCode,
    303,
    `expected a redirect, got ${response.statusCode}: ${text(response.body).slice(0, 600)}`,
  );
  const location = String(response.headers.location);
  assert.match(location, pattern);
  const page = await browserOf.get(location);
  assert.equal(page.statusCode, 200, location);
  return { location, page };
}
