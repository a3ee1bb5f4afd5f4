// For the escalation pages' tests: a partnership on a fresh test database, the app on it, a clock
// the test sets, and people signed in to make requests as.

import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { actNow } from "../../../../test/support/escalations.ts";
import { testPartnership } from "../../../../test/support/partnership.ts";
import { testServices } from "../../../../test/support/services.ts";
import { personWithPassword, signInAs } from "../../../../test/support/sign-in.ts";
import { loadEscalation, type RaiseInput, raiseEscalation } from "../../../app/escalations.ts";
import type { Services } from "../../../app/services.ts";
import { insertAgency, type Person } from "../../../db/directory.ts";
import type { Command } from "../../../engine/escalation/index.ts";
import { buildApp } from "../../app.ts";

export type PostedFields = Record<string, string | string[]>;

/** A partnership running `procedureId`, with Resolve serving it and a clock to move. */
export async function escalationWorld(procedureId: string, start = "2025-03-03T09:00:00Z") {
  const clock = { now: start };
  const services: Services = await testServices({ secureCookies: false }, { now: () => clock.now });
  const base = await testPartnership(services.db, procedureId);
  const police = await insertAgency(services.db, {
    id: randomUUID(),
    partnershipId: base.partnership.id,
    name: "Kingsmere Police",
    sector: "police",
  });
  const app = await buildApp(services);
  const sessions = new Map<string, { cookie: string; csrfToken: string }>();
  const passwords = new Map<string, string>();

  /** Someone in the partnership who can sign in; `agencyId` null for the partnership's team. */
  const person = async (
    name: string,
    agencyId: string | null,
    roles: string[],
    partnershipId = base.partnership.id,
  ) => {
    const made = await personWithPassword(services.db, {
      partnershipId,
      agencyId,
      name,
      roles,
    });
    passwords.set(made.person.id, made.password);
    return made.person;
  };

  const sessionOf = async (who: Person) => {
    let session = sessions.get(who.id);
    if (session === undefined) {
      session = await signInAs(app, who, passwords.get(who.id) ?? "");
      sessions.set(who.id, session);
    }
    return session;
  };

  const { procedure } = base;
  const general = procedure.tracks.general?.categories;
  const firstCategory =
    procedure.categories.find(
      (category) => category.thematic !== true && (general?.includes(category.id) ?? true),
    )?.id ?? "";
  const extender = procedure.deadlineExtension.roles[0] ?? "head-of-service";
  const teamRole = procedure.roles.find((role) => role.level === "partnership")?.id ?? "none";
  // Amina and Tom stand for their agencies' whole management chain, so that a scenario can be
  // taken up every stage by the same two people; the tiers are the policy module's tests' concern.
  const { chain } = base;

  return {
    ...base,
    services,
    clock,
    app,
    police,
    person,
    /** The school's safeguarding lead, who raises, and the school's managers above her. */
    amina: await person("Amina Khan", base.school.id, chain),
    /** Children's social care's team manager, and its managers above him. */
    tom: await person("Tom Reed", base.socialCare.id, chain),
    /** Children's social care's head of service, who may extend deadlines. */
    hana: await person("Hana Patel", base.socialCare.id, [extender]),
    /** Someone in an agency that is not a party. */
    pat: await person("Pat Officer", police.id, ["practitioner", "line-manager"]),
    /** The partnership's own team. */
    bea: await person("Bea Business", null, [teamRole]),

    async close(): Promise<void> {
      await app.close();
      await services.database.close();
    },

    /** Raises an escalation from the school against children's social care, as `who`. */
    async raise(who: Person, input: Partial<RaiseInput> = {}): Promise<string> {
      const raised = await raiseEscalation(services, who, {
        thematic: false,
        child: { reference: "JS", dateOfBirth: "2016-09-01", status: "child-in-need" },
        receivingAgencies: [base.socialCare.id],
        category: firstCategory,
        details: {
          challenged: "The referral was closed with no assessment",
          tried: "Spoke to the duty social worker on Monday",
          evidence: { kind: "evidence", text: "Three disclosures in a fortnight" },
          outcomeSought: "A child and family assessment",
          urgency: "routine",
        },
        ...input,
      });
      if (!raised.ok) throw new Error(`Not raised: ${JSON.stringify(raised)}`);
      return raised.id;
    },

    /** Takes an action through the use case, on the escalation as it stands. */
    act(who: Person, id: string, command: Exclude<Command, { type: "raise" }>) {
      return actNow(services, who, id, command);
    },

    async version(id: string): Promise<number> {
      return (await loadEscalation(services, id))?.state.version ?? 0;
    },

    async get(who: Person | null, url: string): Promise<LightMyRequestResponse> {
      const headers = who === null ? {} : { cookie: (await sessionOf(who)).cookie };
      return app.inject({ method: "GET", url, headers });
    },

    /** The session cookie and CSRF token of `who`, signing them in the first time. */
    session: sessionOf,

    /** Posts a raw body as `who`, for bodies no browser would send. */
    async postRaw(who: Person, url: string, payload: string): Promise<LightMyRequestResponse> {
      const { cookie } = await sessionOf(who);
      return app.inject({
        method: "POST",
        url,
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        payload,
      });
    },

    /** Posts a form as `who`, with their CSRF token unless the fields bring their own. */
    async post(who: Person, url: string, fields: PostedFields): Promise<LightMyRequestResponse> {
      const session = await sessionOf(who);
      const pairs: [string, string][] = [];
      if (!("_csrf" in fields)) pairs.push(["_csrf", session.csrfToken]);
      for (const [name, value] of Object.entries(fields)) {
        for (const item of Array.isArray(value) ? value : [value]) pairs.push([name, item]);
      }
      return app.inject({
        method: "POST",
        url,
        headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(pairs).toString(),
      });
    },
  };
}

export type EscalationWorld = Awaited<ReturnType<typeof escalationWorld>>;

/** The hidden version field of a form page. */
export function formVersion(html: string): string {
  const match = /name="version" value="(\d+)"/.exec(html);
  if (match?.[1] === undefined) throw new Error("The page has no version field");
  return match[1];
}

/** The texts of the error summary's links. */
export function errorSummaryOf(html: string): string[] {
  const summary = /data-qa="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
  return [...summary.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((match) =>
    decodeEntities(match[1] ?? ""),
  );
}

export function decodeEntities(text: string): string {
  return text
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The page's text without its tags, with its spaces collapsed, for matching words. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " "));
}
