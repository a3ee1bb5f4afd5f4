// A browser as far as app.inject can be one: cookies kept and sent back, forms posted with the
// CSRF token of the last page seen. For tests of the sign-in and account pages.
import assert from "node:assert/strict";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";

/** The password `Visitor.signIn` uses unless given another. */
export const TEST_PASSWORD = "correct horse battery staple";

/** A page's <h1> text, when it is plain text. */
export const heading = (html: string) => /<h1[^>]*>([^<]*)</.exec(html)?.[1]?.trim();
/** The error summary's links: [field id, message]. */
export const errorLinks = (html: string) =>
  [...html.matchAll(/<a href="#([\w-]+)">([^<]*)<\/a>/g)].map((match) => [match[1], match[2]]);

/**
 * A browser, as far as the server can tell: keeps the cookies it is sent (dropping cleared
 * ones), sends them back, and posts forms with the CSRF token of the last page it saw.
 */
export class Visitor {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` of the last page's forms. */
  csrf = "";

  readonly app: FastifyInstance;

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  async send(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      ...options,
      cookies: { ...Object.fromEntries(this.cookies), ...options.cookies },
    });
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date }[]) {
      const cleared = cookie.value === "" || (cookie.expires?.getTime() ?? Infinity) <= Date.now();
      if (cleared) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const csrf = /name="_csrf" value="([^"]*)"/.exec(response.body)?.[1];
    if (csrf !== undefined) this.csrf = csrf;
    return response;
  }

  get(url: string) {
    return this.send({ method: "GET", url });
  }

  /** Posts a form, with this visitor's CSRF token unless `_csrf` is given (null: none). */
  post(url: string, fields: Record<string, string | string[]>, csrf: string | null = this.csrf) {
    const body = new URLSearchParams();
    if (csrf !== null) body.append("_csrf", csrf);
    for (const [name, value] of Object.entries(fields)) {
      for (const each of [value].flat()) body.append(name, each);
    }
    return this.send({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: body.toString(),
    });
  }

  /** Where `/` sends this visitor: /your-work when signed in, /sign-in when not. */
  async home(): Promise<string | undefined> {
    const response = await this.get("/");
    assert.equal(response.statusCode, 303);
    return response.headers.location;
  }

  async signIn(email: string, password = TEST_PASSWORD) {
    await this.get("/sign-in");
    return this.post("/sign-in", { email, password });
  }
}
