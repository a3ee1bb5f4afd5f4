// Emails through GOV.UK Notify, end to end: the dispatcher and the password reset page send
// through the real notifications-node-client to a stand-in for Notify's API started here, which
// records each request. PGlite, or PostgreSQL with DATABASE_URL.
import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { hashPassword } from "../../src/app/auth.ts";
import type { Services } from "../../src/app/services.ts";
import { insertPerson } from "../../src/db/directory.ts";
import { enqueueMessages, type NewMessage } from "../../src/db/messages.ts";
import { messages } from "../../src/db/schema.ts";
import { dispatch } from "../../src/jobs/dispatcher.ts";
import { buildApp } from "../../src/web/app.ts";
import { recordingLog } from "../support/log.ts";
import { type NotifyStandIn, startNotifyStandIn } from "../support/notify-server.ts";
import { testPartnership } from "../support/partnership.ts";
import { testServices } from "../support/services.ts";
import { TEST_PASSWORD, Visitor } from "../support/visitor.ts";

const DATABASE = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const PUBLIC_URL = "https://resolve.partnership.example";
const SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506";
const SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0";
const TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";
const DECISION_TEMPLATE = "c8b6c5a1-1a1e-4b9e-9f0e-2f1d3c4b5a69";
const T0 = "2026-11-23T09:00:00.000Z";

/** The claims of Notify's bearer token, once its signature checks out against the secret. */
function verifiedClaims(authorization: string): Record<string, unknown> {
  const [scheme, token = ""] = authorization.split(" ");
  assert.equal(scheme, "Bearer");
  const [header = "", claims = "", signature] = token.split(".");
  assert.deepEqual(JSON.parse(Buffer.from(header, "base64url").toString()), {
    alg: "HS256",
    typ: "JWT",
  });
  const expected = createHmac("sha256", SECRET).update(`${header}.${claims}`).digest("base64url");
  assert.equal(signature, expected, "signed with the key's secret");
  return JSON.parse(Buffer.from(claims, "base64url").toString());
}

describe(`emails through GOV.UK Notify on ${DATABASE}`, () => {
  let notify: NotifyStandIn;
  let services: Services;
  let world: Awaited<ReturnType<typeof testPartnership>>;
  let clock = T0;
  let log = recordingLog();

  before(async () => {
    notify = await startNotifyStandIn();
    services = await testServices(
      {
        publicUrl: PUBLIC_URL,
        notify: {
          apiKey: `resolve_test-${SERVICE_ID}-${SECRET}`,
          baseUrl: notify.url,
          templateId: TEMPLATE,
          templateIds: { decision: DECISION_TEMPLATE },
        },
      },
      { now: () => clock },
    );
    world = await testPartnership(services.db);
  });
  after(async () => {
    await services.database.close();
    await notify.close();
  });
  beforeEach(async () => {
    await services.db.delete(messages);
    notify.requests.length = 0;
    notify.notifications.length = 0;
    clock = T0;
    log = recordingLog();
  });

  const run = () =>
    dispatch(services, clock, { log, signal: new AbortController().signal }, { random: () => 0.5 });
  const message = (key: string, kind = "reminder"): NewMessage => ({
    partnershipId: world.partnership.id,
    key,
    kind,
    recipientPersonId: world.teamManager.id,
    escalationId: null,
    subject: "An escalation is due tomorrow",
    body: "An escalation you are working on is due by the end of tomorrow.",
    link: "/your-work",
    email: world.teamManager.email,
  });
  const enqueue = (...batch: NewMessage[]) => enqueueMessages(services.db, batch, T0, randomUUID);
  const row = async (key: string) => {
    const [found] = await services.db.select().from(messages).where(eq(messages.key, key));
    assert.ok(found);
    return found;
  };

  test("each email is one request to Notify, signed with the key, its template chosen by kind", async () => {
    await enqueue(message("reminder"), message("decision", "decision"));
    assert.deepEqual(await run(), { sent: 2, retrying: 0, failed: 0 });

    const reminder = await row("reminder");
    const decision = await row("decision");
    assert.deepEqual(
      notify.requests.map(({ method, url, body }) => ({ method, url, body })),
      [reminder, decision].map((sent) => ({
        method: "POST",
        url: "/v2/notifications/email",
        body: {
          template_id: sent.kind === "decision" ? DECISION_TEMPLATE : TEMPLATE,
          email_address: world.teamManager.email,
          personalisation: {
            subject: "An escalation is due tomorrow",
            body: "An escalation you are working on is due by the end of tomorrow.",
            link: `${PUBLIC_URL}/your-work`,
          },
          reference: sent.id,
        },
      })),
    );
    for (const request of notify.requests) {
      const claims = verifiedClaims(request.authorization);
      assert.equal(claims.iss, SERVICE_ID);
      // Notify refuses tokens more than 30 seconds old; the client signs each request as made.
      assert.ok(Math.abs(Number(claims.iat) - Date.now() / 1000) < 30, "issued just now");
    }
    assert.equal(reminder.delivery, "sent");
    assert.equal(reminder.providerReference, notify.notifications[0]?.id);
  });

  test("an email Notify refuses (a 400) is given up on at once, in Notify's words", async () => {
    notify.plan({
      answer: 400,
      errors: [
        {
          error: "BadRequestError",
          message: "Can't send to this recipient using a team-only API key",
        },
      ],
    });
    await enqueue(message("refused"));
    assert.deepEqual(await run(), { sent: 0, retrying: 0, failed: 1 });
    const refused = await row("refused");
    assert.equal(refused.delivery, "failed");
    assert.equal(
      refused.lastError,
      "GOV.UK Notify answered 400: BadRequestError: Can't send to this recipient using a team-only API key",
    );
    assert.match(log.entries.at(-1)?.message ?? "", /GOV.UK Notify did not take an email/);
    assert.equal(log.entries.at(-1)?.level, "error");
  });

  test("Notify busy (a 429, then a 500): tried again later, then sent", async () => {
    notify.plan(
      { answer: 429, errors: [{ error: "RateLimitError", message: "Exceeded rate limit" }] },
      { answer: 500, errors: [{ error: "Exception", message: "Internal server error" }] },
    );
    await enqueue(message("busy"));
    assert.deepEqual(await run(), { sent: 0, retrying: 1, failed: 0 });
    assert.equal(
      (await row("busy")).lastError,
      "GOV.UK Notify answered 429: RateLimitError: Exceeded rate limit",
    );
    clock = (await row("busy")).nextAttemptAt ?? "";
    assert.deepEqual(await run(), { sent: 0, retrying: 1, failed: 0 });
    clock = (await row("busy")).nextAttemptAt ?? "";
    assert.deepEqual(await run(), { sent: 1, retrying: 0, failed: 0 });
    assert.equal(notify.notifications.length, 1);
  });

  test("an email Notify took without the answer arriving is looked up by its reference, not sent twice", async () => {
    notify.plan({ drop: true });
    await enqueue(message("dropped"));
    assert.deepEqual(await run(), { sent: 0, retrying: 1, failed: 0 });
    const dropped = await row("dropped");
    assert.match(dropped.lastError ?? "", /^GOV.UK Notify did not answer: socket hang up/);

    clock = dropped.nextAttemptAt ?? "";
    assert.deepEqual(await run(), { sent: 1, retrying: 0, failed: 0 });
    assert.deepEqual(
      notify.requests.map(({ method, url }) => `${method} ${url}`),
      [
        "POST /v2/notifications/email",
        `GET /v2/notifications?template_type=email&reference=${dropped.id}`,
      ],
    );
    assert.equal(notify.notifications.length, 1, "one email");
    assert.equal((await row("dropped")).providerReference, notify.notifications[0]?.id);
  });

  test("a password reset link goes through Notify too, in the general template", async () => {
    const app = await buildApp(services);
    try {
      const pat = await insertPerson(services.db, {
        id: randomUUID(),
        partnershipId: world.partnership.id,
        agencyId: world.school.id,
        name: "Pat Forgetful",
        email: `pat.${randomUUID().slice(0, 8)}@example.test`,
        passwordHash: await hashPassword(TEST_PASSWORD),
        roles: ["practitioner"],
      });
      const visitor = new Visitor(app);
      await visitor.get("/forgotten-password");
      assert.equal(
        (await visitor.post("/forgotten-password", { email: pat.email })).statusCode,
        303,
      );
      for (let tries = 0; notify.requests.length === 0; tries += 1) {
        assert.ok(tries < 500, "no request reached Notify");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const [request] = notify.requests;
      assert.equal(request?.body?.template_id, TEMPLATE, "no template of its own: the general one");
      assert.equal(request?.body?.email_address, pat.email);
      const personalisation = request?.body?.personalisation as Record<string, string>;
      assert.equal(personalisation.subject, "Reset your Resolve password");
      assert.match(
        personalisation.link ?? "",
        /^https:\/\/resolve\.partnership\.example\/reset-password\?token=[\w-]{43}$/,
      );
      assert.equal(request?.body?.reference, undefined);
    } finally {
      await app.close();
    }
  });
});
