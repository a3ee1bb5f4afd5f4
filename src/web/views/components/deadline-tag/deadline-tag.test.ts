// Every example in deadline-tag.yaml is rendered and checked against what it expects, as
// GOV.UK Frontend tests its components from their yaml.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { createViewEnvironment } from "../../../plugins/views.ts";

interface Example {
  name: string;
  options: Record<string, unknown>;
  expected: {
    text: string;
    hidden: string | null;
    colour: string | null;
    classes?: string[];
    attributes?: Record<string, string>;
  };
}

const spec = parse(readFileSync(new URL("./deadline-tag.yaml", import.meta.url), "utf8")) as {
  params: { name: string }[];
  examples: Example[];
};
const environment = createViewEnvironment();
const render = (options: Record<string, unknown>) =>
  environment.renderString(
    '{% from "components/deadline-tag/macro.njk" import appDeadlineTag %}{{ appDeadlineTag(options) }}',
    { options },
  );

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();

/** The tag's opening tag, its visible text and its visually hidden text. */
function readTag(html: string) {
  const match = /^<strong ([^>]*)>([\s\S]*)<\/strong>$/.exec(html.trim());
  assert.ok(match, `expected one <strong> tag, got:\n${html}`);
  const [, attributes = "", inner = ""] = match;
  const hidden = /<span class="govuk-visually-hidden">([\s\S]*?)<\/span>/.exec(inner);
  return {
    attributes,
    classes: (/class="([^"]*)"/.exec(attributes)?.[1] ?? "").split(/\s+/).filter(Boolean),
    text: decode(inner.replace(hidden?.[0] ?? "", "")),
    hidden: hidden ? decode(hidden[1] ?? "") : null,
    inner,
  };
}

describe("the deadline tag", () => {
  test("its yaml documents every parameter the examples use", () => {
    const documented = new Set(spec.params.map((param) => param.name));
    for (const example of spec.examples) {
      for (const name of Object.keys(example.options)) {
        assert.ok(documented.has(name), `${example.name}: "${name}" is not documented`);
      }
    }
    assert.ok(spec.examples.length >= 5);
  });

  for (const example of spec.examples) {
    test(example.name, () => {
      const html = render(example.options);
      const tag = readTag(html);
      const { expected } = example;
      assert.equal(tag.text, expected.text);
      assert.equal(tag.hidden, expected.hidden);
      assert.ok(tag.classes.includes("govuk-tag"), html);
      assert.ok(tag.classes.includes("app-deadline-tag"), html);
      const colours = tag.classes.filter((name) => name.startsWith("govuk-tag--"));
      assert.deepEqual(colours, expected.colour ? [`govuk-tag--${expected.colour}`] : []);
      for (const name of expected.classes ?? []) assert.ok(tag.classes.includes(name), html);
      for (const [name, value] of Object.entries(expected.attributes ?? {})) {
        assert.ok(tag.attributes.includes(`${name}="${value}"`), html);
      }
      assert.ok(!tag.inner.includes("<b>"), `unescaped HTML in:\n${html}`);
      assert.ok(!html.includes("undefined"), html);
    });
  }
});
