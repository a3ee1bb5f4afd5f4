import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

const KEY =
  "resolve-test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
const TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";
const OTHER_TEMPLATE = "c8b6c5a1-1a1e-4b9e-9f0e-2f1d3c4b5a69";

/** Every problem loadConfig lists for `env`, or none. */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message.split("\n  ").slice(1);
  }
}

describe("email settings", () => {
  test("without any, there is no email and the jobs run in the server", () => {
    const config = loadConfig({});
    assert.equal(config.mail, null);
    assert.equal(config.notify, null);
    assert.equal(config.jobs, true);
  });

  test("GOV.UK Notify: a key and a template, Notify's own address unless told otherwise", () => {
    const config = loadConfig({ NOTIFY_API_KEY: KEY, NOTIFY_TEMPLATE_ID: TEMPLATE });
    assert.deepEqual(config.notify, {
      apiKey: KEY,
      baseUrl: "https://api.notifications.service.gov.uk",
      templateId: TEMPLATE,
      templateIds: {},
    });
    assert.equal(config.mail, null);
  });

  test("GOV.UK Notify: templates of their own for some kinds, and a stand-in on this machine", () => {
    const config = loadConfig({
      NOTIFY_API_KEY: KEY,
      NOTIFY_TEMPLATE_ID: TEMPLATE,
      NOTIFY_TEMPLATE_IDS: ` reminder = ${OTHER_TEMPLATE.toUpperCase()}, password-reset=${TEMPLATE},`,
      NOTIFY_BASE_URL: "http://127.0.0.1:4010/",
    });
    assert.deepEqual(config.notify?.templateIds, {
      reminder: OTHER_TEMPLATE,
      "password-reset": TEMPLATE,
    });
    assert.equal(config.notify?.baseUrl, "http://127.0.0.1:4010");
  });

  test("both Notify and SMTP is refused: emails go one way", () => {
    assert.deepEqual(
      problems({
        NOTIFY_API_KEY: KEY,
        NOTIFY_TEMPLATE_ID: TEMPLATE,
        SMTP_URL: "smtp://mail.example",
        MAIL_FROM: "resolve@example.org",
      }),
      ["Set NOTIFY_API_KEY or SMTP_URL, not both: emails go through GOV.UK Notify or through SMTP"],
    );
  });

  test("every problem with the Notify settings is listed, and the key is never repeated", () => {
    const listed = problems({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db.example/resolve",
      NOTIFY_API_KEY: "not-a-key-but-a-secret",
      NOTIFY_TEMPLATE_IDS: "reminder=42,=x,nonsense",
      NOTIFY_BASE_URL: "http://notify.example",
    });
    assert.deepEqual(listed, [
      "NOTIFY_API_KEY must be a GOV.UK Notify API key: its name, service id and secret key joined by hyphens",
      "NOTIFY_TEMPLATE_ID is required with NOTIFY_API_KEY: the email template to use",
      'NOTIFY_TEMPLATE_IDS gives "reminder" "42", which is not a template id',
      'NOTIFY_TEMPLATE_IDS must be kind=template id pairs split by commas, not "=x"',
      'NOTIFY_TEMPLATE_IDS must be kind=template id pairs split by commas, not "nonsense"',
      "NOTIFY_BASE_URL must be an https:// address with no path (http:// only to localhost)",
      "RESOLVE_PUBLIC_URL is required in production with NOTIFY_API_KEY: emailed links must lead to Resolve",
    ]);
    assert.ok(listed.every((problem) => !problem.includes("a-secret")));
  });

  test("Notify's other settings without its key are refused, not ignored", () => {
    assert.deepEqual(problems({ NOTIFY_TEMPLATE_ID: TEMPLATE }), [
      "NOTIFY_TEMPLATE_ID is set without NOTIFY_API_KEY",
    ]);
  });
});

describe("jobs", () => {
  test("RESOLVE_JOBS=false leaves them to separate workers", () => {
    assert.equal(loadConfig({ RESOLVE_JOBS: "false" }).jobs, false);
    assert.deepEqual(problems({ RESOLVE_JOBS: "sometimes" }), [
      'RESOLVE_JOBS must be true or false, not "sometimes"',
    ]);
  });
});

describe("the proxies in front of Resolve", () => {
  test("none by default: X-Forwarded-For is not believed", () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ RESOLVE_TRUST_PROXY: "false" }).trustProxy, false);
  });

  test("a number of hops, or addresses and ranges", () => {
    assert.equal(loadConfig({ RESOLVE_TRUST_PROXY: "1" }).trustProxy, 1);
    assert.deepEqual(
      loadConfig({ RESOLVE_TRUST_PROXY: "10.0.0.0/8, 192.0.2.10,2001:db8::/32" }).trustProxy,
      ["10.0.0.0/8", "192.0.2.10", "2001:db8::/32"],
    );
  });

  test("everyone, nothing sensible, or too many hops is refused, with what to set", () => {
    for (const raw of [
      "true",
      "0",
      "11",
      "proxy.example",
      "10.0.0.0/33",
      "2001:db8::/129",
      "10.0.0.1/8/1",
      "1,",
    ]) {
      const found = problems({ RESOLVE_TRUST_PROXY: raw });
      assert.equal(found.length, 1, raw);
      assert.match(found[0] ?? "", /^RESOLVE_TRUST_PROXY must be the number of proxies/, raw);
    }
  });
});
