// For the raise journey's tests: the app on the real services and a fresh test database (PGlite,
// or PostgreSQL when DATABASE_URL is set), a partnership, people who sign in through the real
// sign-in form, and small readers of the pages' HTML.
import assert from "node:assert/strict";
import { count } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import type { Services } from "../../../app/services.ts";
import type { Agency, Person } from "../../../db/directory.ts";
import { insertAgency } from "../../../db/directory.ts";
import { escalationEvents, escalations } from "../../../db/schema.ts";
import { buildApp } from "../../app.ts";

/** Monday 2 June 2025, 09:30 in London: the tests' clock, so every deadline is known. */
export const NOW = "2025-06-02T08:30:00.000Z";

export type FormValues = Record<string, string | readonly string[]>;

/** A signed-in browser, as far as app.inject goes: its cookie and the session's CSRF token. */
export class Visitor {
  readonly app: FastifyInstance;
  readonly person: Person;
  readonly cookie: string;
  readonly csrfToken: string;

  constructor(
    app: FastifyInstance,
    person: Person,
    session: { cookie: string; csrfToken: string },
  ) {
    this.app = app;
    this.person = person;
    this.cookie = session.cookie;
    this.csrfToken = session.csrfToken;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: "GET", url, headers: { cookie: this.cookie } });
  }

  /** Posts a form, with the session's CSRF token unless the values bring their own. */
  post(url: string, values: FormValues): Promise<LightMyRequestResponse> {
    return this.postRaw(url, formBody({ _csrf: this.csrfToken, ...values }));
  }

  /** Posts JSON (Fastify parses it too): whatever shapes a sender chooses. */
  postJson(url: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: "POST",
      url,
      headers: { cookie: this.cookie, "content-type": "application/json" },
      payload: JSON.stringify({ _csrf: this.csrfToken, ...body }),
    });
  }

  postRaw(url: string, payload: string): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: "POST",
      url,
      headers: { cookie: this.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload,
    });
  }
}

export function formBody(values: FormValues): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    for (const item of typeof value === "string" ? [value] : value) params.append(name, item);
  }
  return params.toString();
}

export interface RaiseTestApp {
  services: Services;
  /** The services' clock: set `now` to move it. */
  clock: { now: string };
  app: FastifyInstance;
  setup: Awaited<ReturnType<typeof testPartnership>>;
  police: Agency;
  /**
   * Signs in a new person with these roles, through the sign-in form: by default a teacher at the
   * school; `agencyId: null` is someone in no agency (the partnership team).
   */
  visitor(
    roles: readonly string[],
    options?: { agencyId?: string | null; partnershipId?: string; name?: string },
  ): Promise<Visitor>;
  /** How many escalations, and events, are stored. */
  stored(): Promise<{ escalations: number; events: number }>;
  close(): Promise<void>;
}

/** The app on a partnership running a shipped procedure, with a school, social care and police. */
export async function raiseTestApp(procedureId = "dorset"): Promise<RaiseTestApp> {
  const clock = { now: NOW };
  const services = await testServices(
    { demo: false, secureCookies: false },
    { now: () => clock.now },
  );
  const setup = await testPartnership(services.db, procedureId);
  const police = await insertAgency(services.db, {
    id: services.newId(),
    partnershipId: setup.partnership.id,
    name: "Kingsmere Police",
    sector: "police",
  });
  const app = await buildApp(services);
  return {
    services,
    clock,
    app,
    setup,
    police,
    async visitor(roles, options = {}) {
      const { person, password } = await personWithPassword(services.db, {
        partnershipId: options.partnershipId ?? setup.partnership.id,
        agencyId: options.agencyId === undefined ? setup.school.id : options.agencyId,
        name: options.name ?? "Amina Teacher",
        roles,
      });
      return new Visitor(app, person, await signInAs(app, person, password));
    },
    async stored() {
      const [rows] = await services.db.select({ count: count() }).from(escalations);
      const [events] = await services.db.select({ count: count() }).from(escalationEvents);
      return { escalations: Number(rows?.count ?? 0), events: Number(events?.count ?? 0) };
    },
    async close() {
      await app.close();
      await services.database.close();
    },
  };
}

// Reading pages -------------------------------------------------------------------------------

export function unescapeHtml(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replace(/&#(\d+);/g, (_entity, code: string) => String.fromCodePoint(Number(code)))
    .replaceAll("&amp;", "&");
}

/** The page's <h1> (or legend heading), its text only. */
export function headingOf(html: string): string {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  assert.ok(match, "the page has no h1");
  return unescapeHtml(
    (match[1] ?? "")
      .replace(/<span class="govuk-caption-l">[\s\S]*?<\/span>/, "")
      .replace(/<[^>]+>/g, "")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** The error summary's messages with the fields they link to, in order. */
export function errorSummaryOf(html: string): { field: string; message: string }[] {
  const summary = /data-qa="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
  return [...summary.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((match) => ({
    field: match[1] ?? "",
    message: unescapeHtml(match[2] ?? ""),
  }));
}

/** The hidden inputs of the page's forms (without the CSRF token), as a form's values. */
export function hiddenValuesOf(html: string): FormValues {
  const values: Record<string, string[]> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const name = unescapeHtml(match[1] ?? "");
    if (name === "_csrf") continue;
    values[name] = [...(values[name] ?? []), unescapeHtml(match[2] ?? "")];
  }
  return Object.fromEntries(
    Object.entries(values).map(([name, list]) => [
      name,
      list.length === 1 ? (list[0] ?? "") : list,
    ]),
  );
}

/** The location a 303 sends the browser to. */
export function locationOf(response: LightMyRequestResponse): string {
  assert.equal(
    response.statusCode,
    303,
    `expected a 303, got ${response.statusCode}: ${response.body.slice(0, 500)}`,
  );
  return String(response.headers.location);
}

// Walking the journey ---------------------------------------------------------------------------

/** The answers to the questions before the form, where they are asked. */
export interface KindAnswers {
  track?: string;
  about?: "child" | "thematic";
  entry?: string;
}

/**
 * Answers "no" to every triage question and the kind questions as given, following each redirect
 * as a browser would, and returns the details form with its hidden journey fields.
 */
export async function reachDetails(
  visitor: Visitor,
  answers: KindAnswers = {},
): Promise<{ page: LightMyRequestResponse; journey: FormValues; path: string }> {
  let location = locationOf(await visitor.get("/raise"));
  for (let step = 0; step < 20; step++) {
    const page = await visitor.get(location);
    assert.equal(page.statusCode, 200, `GET ${location}`);
    const path = location.split("?")[0] ?? "";
    if (path === "/raise/details")
      return { page, journey: hiddenValuesOf(page.body), path: location };
    const answer: FormValues = path.startsWith("/raise/triage/")
      ? { answer: "no" }
      : path === "/raise/track"
        ? { track: answers.track ?? assert.fail("the track question was asked") }
        : path === "/raise/about"
          ? { about: answers.about ?? assert.fail("the about question was asked") }
          : { entry: answers.entry ?? assert.fail("the start question was asked") };
    location = locationOf(await visitor.post(path, { ...hiddenValuesOf(page.body), ...answer }));
  }
  return assert.fail("the journey did not reach the form");
}

/** A complete, valid details form for a Dorset escalation about a child. */
export function childDetails(receivingAgencyId: string, overrides: FormValues = {}): FormValues {
  return {
    "child-reference": "JS",
    "dob-day": "14",
    "dob-month": "2",
    "dob-year": "2016",
    "child-status": "cp-plan",
    receiving: receivingAgencyId,
    category: "plan-progress",
    challenged: "Children's social care closed the case after one visit.",
    tried: "A call with the social worker on Friday, and a professionals' meeting.",
    "evidence-kind": "evidence",
    evidence: "Three absences in a fortnight, recorded in the school's log.",
    outcome: "A strategy discussion this week.",
    urgency: "urgent",
    ...overrides,
  };
}
