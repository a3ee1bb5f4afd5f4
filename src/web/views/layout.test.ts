import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { webPaths } from "../paths.ts";
import { createViewEnvironment } from "../plugins/views.ts";
import { errorMessageFor, pageTitle } from "./form-errors.ts";

const environment = createViewEnvironment();
const page = (context: Record<string, unknown> = {}, body = "<p>Body</p>") =>
  environment.renderString(
    `{% extends "layout.njk" %}{% block content %}${body}{% endblock %}`,
    context,
  );

describe("the layout", () => {
  test("has no inline script, though GOV.UK Frontend's template has one", () => {
    const govukTemplate = readFileSync(join(webPaths.govukFrontend, "govuk/template.njk"), "utf8");
    assert.match(govukTemplate, /<script[^>]*>document\.body\.className/);
    const html = page();
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    assert.deepEqual(
      scripts.map((script) => script.replace(/\?v=\w+/, "")),
      ['<script type="module" src="/assets/application.mjs"></script>'],
    );
    assert.doesNotMatch(html, /js-enabled/);
  });

  test("links the stylesheets, print last and for print only", () => {
    const links = (page().match(/<link rel="stylesheet"[^>]*>/g) ?? []).map((link) =>
      link.replace(/\?v=\w+/, ""),
    );
    assert.deepEqual(links, [
      '<link rel="stylesheet" href="/assets/govuk-frontend.min.css">',
      '<link rel="stylesheet" href="/assets/moj/moj-frontend.min.css">',
      '<link rel="stylesheet" href="/assets/application.css">',
      '<link rel="stylesheet" href="/assets/print.css" media="print">',
    ]);
  });

  test("has a skip link, the service name, the phase banner and a footer, in that order", () => {
    const html = page();
    const order = [
      'class="govuk-skip-link"',
      'class="govuk-generic-header"',
      'class="govuk-service-navigation__service-name"',
      'class="govuk-phase-banner',
      'id="main-content"',
      'class="govuk-footer"',
    ].map((marker) => html.indexOf(marker));
    assert.ok(
      order.every((index) => index >= 0),
      String(order),
    );
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.match(html, /<html lang="en"/);
  });

  test("shows no crown and no GOV.UK branding: Resolve is not on GOV.UK", () => {
    const html = page();
    assert.doesNotMatch(html, /govuk-header__|govuk-logo|Crown copyright|govuk-crest/);
  });

  test("titles the page, with Error: first when there are errors", () => {
    assert.match(
      page({ title: "Raise an escalation" }),
      /<title>Raise an escalation – Resolve<\/title>/,
    );
    assert.match(
      page({ title: "Raise an escalation", errors: [{ field: "a", message: "Enter a" }] }),
      /<title>Error: Raise an escalation – Resolve<\/title>/,
    );
    assert.match(page(), /<title>Resolve<\/title>/);
  });

  test("shows the demonstration banner only in demo mode", () => {
    assert.doesNotMatch(page(), /data-qa="demo-banner"/);
    assert.match(page({ demo: true }), /data-qa="demo-banner"[\s\S]*This is a demonstration/);
    const demo = createViewEnvironment({ demo: true });
    assert.match(demo.render("errors/not-found.njk"), /data-qa="demo-banner"/);
  });

  test("shows who is signed in, with a Sign out form carrying the CSRF token", () => {
    assert.doesNotMatch(page(), /Sign out/);
    const html = page({ person: { name: "Sam O'Neil <script>" }, csrfToken: 'tok"en' });
    assert.match(html, /Sam O&#39;Neil &lt;script&gt;/);
    const form = /<form class="app-signed-in__form"[\s\S]*?<\/form>/.exec(html)?.[0] ?? "";
    assert.match(form, /method="post" action="\/sign-out"/);
    assert.match(form, /<input type="hidden" name="_csrf" value="tok&quot;en">/);
    assert.match(form, /<button type="submit"[^>]*>Sign out<\/button>/);
  });

  test("names the partnership in the header", () => {
    const named = createViewEnvironment({
      organisationName: "Kingsmere Safeguarding Children Partnership",
    });
    assert.match(
      named.render("errors/not-found.njk"),
      /app-header__organisation">Kingsmere Safeguarding Children Partnership</,
    );
  });

  test("lets a page fill the beforeContent block", () => {
    const html = environment.renderString(
      '{% extends "layout.njk" %}{% block beforeContent %}<a class="govuk-back-link" href="/x">Back</a>{% endblock %}{% block content %}<h1>Hi</h1>{% endblock %}',
      {},
    );
    assert.ok(html.indexOf("govuk-back-link") < html.indexOf('id="main-content"'));
  });
});

describe("the error summary partial", () => {
  const summary = (errors: unknown) =>
    environment.renderString(
      '{% from "partials/error-summary.njk" import errorSummary %}{{ errorSummary(errors) }}',
      { errors },
    );

  test("renders nothing without errors", () => {
    assert.equal(summary([]).trim(), "");
    assert.equal(summary(undefined).trim(), "");
  });

  test("lists each error, in order, linking to its field", () => {
    const html = summary([
      { field: "agency", message: "Enter the agency you work for" },
      { field: "started-day", message: "Enter the date <it> started" },
    ]);
    assert.match(html, /class="govuk-error-summary"/);
    assert.match(html, /There is a problem/);
    const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(links, [
      ["#agency", "Enter the agency you work for"],
      ["#started-day", "Enter the date &lt;it&gt; started"],
    ]);
  });
});

describe("form error helpers", () => {
  const errors = [
    { field: "agency", message: "Enter the agency" },
    { field: "agency", message: "A second problem" },
  ];

  test("errorMessageFor gives the govuk errorMessage option for a field's first error", () => {
    assert.deepEqual(errorMessageFor(errors, "agency"), { text: "Enter the agency" });
    assert.equal(errorMessageFor(errors, "other"), false);
    assert.equal(errorMessageFor(undefined, "agency"), false);
  });

  test("a govuk macro shows it", () => {
    const html = environment.renderString(
      '{% from "govuk/components/input/macro.njk" import govukInput %}' +
        '{{ govukInput({ id: "agency", name: "agency", label: { text: "Agency" }, errorMessage: errorMessageFor(errors, "agency") }) }}' +
        '{{ govukInput({ id: "other", name: "other", label: { text: "Other" }, errorMessage: errorMessageFor(errors, "other") }) }}',
      { errors },
    );
    assert.equal(html.match(/govuk-error-message/g)?.length, 1);
    assert.match(html, /Error:<\/span> Enter the agency/);
  });

  test("pageTitle prefixes Error: when there are errors", () => {
    assert.equal(pageTitle("Raise", []), "Raise – Resolve");
    assert.equal(pageTitle("Raise", errors), "Error: Raise – Resolve");
    assert.equal(pageTitle(undefined, null), "Resolve");
  });
});
