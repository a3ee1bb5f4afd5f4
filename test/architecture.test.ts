// The dependency rule (docs: ARCHITECTURE.md), checked on every `npm test`:
// - the engine imports only itself and a few pure packages; its tests may also use Node's test
//   tools and read files;
// - the engine's own code never reads the clock or makes random values (time and ids are inputs);
// - web/ and jobs/ never import each other.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, resolve, sep } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));

/** Packages the engine may use: pure, no IO. A package allows its subpaths too. */
const ENGINE_PACKAGES = ["@sinclair/typebox", "yaml", "luxon"];
/** What the engine's tests may use besides. */
const ENGINE_TEST_PACKAGES = [
  "node:test",
  "node:assert",
  "node:fs",
  "node:path",
  "node:url",
  "fast-check",
];

const SOURCE_FILE = /\.(?:ts|mts|cts|tsx|js|mjs|cjs)$/;
const TEST_FILE = /\.test\.(?:ts|mts|cts|tsx|js|mjs|cjs)$/;

/** Calls that read the clock or make random values. */
const IMPURE_CALLS: { pattern: RegExp; what: string }[] = [
  { pattern: /\bDate\.now\s*\(/g, what: "Date.now()" },
  { pattern: /\bnew\s+Date\b\s*(?:\(\s*\)|(?![\s(]))/g, what: "new Date() with no argument" },
  { pattern: /\bMath\.random\s*\(/g, what: "Math.random()" },
  { pattern: /\bcrypto\.(?:randomUUID|getRandomValues)\s*\(/g, what: "a random id from crypto" },
];

interface Import {
  specifier: string;
  line: number;
}

/**
 * Blanks out comments, keeping line breaks, so that words in comments are not taken for code.
 * Strings are kept (import specifiers are strings); a quoted string ends at its line's end, so a
 * stray quote cannot hide the rest of a file.
 */
export function withoutComments(source: string): string {
  let out = "";
  let quote: string | null = null;
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    const next = source[i + 1];
    if (quote !== null) {
      out += char;
      if (char === "\\") {
        out += next ?? "";
        i += 2;
        continue;
      }
      if (char === quote || (char === "\n" && quote !== "`")) quote = null;
      i += 1;
    } else if (char === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? source.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (char === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else {
      if (char === '"' || char === "'" || char === "`") quote = char;
      out += char;
      i += 1;
    }
  }
  return out;
}

const IMPORT_PATTERNS = [
  // import x from "…", import type { x } from "…", export { x } from "…", export * from "…"
  /^[ \t]*(?:import|export)\b[^;"'`]*?\bfrom\s*(["'])([^"'\n]+)\1/gm,
  // import "…"
  /^[ \t]*import\s*(["'])([^"'\n]+)\1/gm,
  // import("…")
  /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*[,)]/g,
];

/** Every module a source file imports or re-exports, with the line it is on. */
export function importsIn(source: string): Import[] {
  const code = withoutComments(source);
  const found: { specifier: string; index: number }[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[2] as string;
      found.push({ specifier, index: match.index + match[0].lastIndexOf(specifier) });
    }
  }
  return found
    .sort((a, b) => a.index - b.index)
    .map(({ specifier, index }) => ({ specifier, line: lineAt(code, index) }));
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

function isPackageAllowed(specifier: string, allowed: readonly string[]): boolean {
  return allowed.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/** Where a relative import points, as a path from the project root ("src/engine/…"). */
function target(file: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  return posix.join(posix.dirname(file), specifier);
}

const isUnder = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** `file` is a path from the project root, e.g. src/engine/calendar/deadline.ts. */
export function engineImportProblems(file: string, source: string): string[] {
  const allowed = TEST_FILE.test(file)
    ? [...ENGINE_PACKAGES, ...ENGINE_TEST_PACKAGES]
    : ENGINE_PACKAGES;
  const problems: string[] = [];
  for (const { specifier, line } of importsIn(source)) {
    const to = target(file, specifier);
    const ok = to === null ? isPackageAllowed(specifier, allowed) : isUnder(to, "src/engine");
    if (!ok) {
      const why =
        to === null
          ? `, which is not on the engine's list (${allowed.join(", ")})`
          : `, outside src/engine`;
      problems.push(`${file}:${line} imports "${specifier}"${why}`);
    }
  }
  return problems;
}

/** The engine's own code takes time and ids as inputs; its tests may do as they like. */
export function engineImpurityProblems(file: string, source: string): string[] {
  if (TEST_FILE.test(file)) return [];
  const code = withoutComments(source);
  const problems: string[] = [];
  for (const { pattern, what } of IMPURE_CALLS) {
    for (const match of code.matchAll(pattern)) {
      problems.push(
        `${file}:${lineAt(code, match.index)} calls ${what}: take the time or id as an input`,
      );
    }
  }
  return problems;
}

/** web/ and jobs/ are two shells around the same app/: neither imports the other. */
export function webJobsProblems(file: string, source: string): string[] {
  const pairs = [
    { from: "src/web", to: "src/jobs" },
    { from: "src/jobs", to: "src/web" },
  ];
  const problems: string[] = [];
  for (const { from, to } of pairs) {
    if (!isUnder(file, from)) continue;
    for (const { specifier, line } of importsIn(source)) {
      const path = target(file, specifier);
      if (path !== null && isUnder(path, to)) {
        problems.push(`${file}:${line} imports "${specifier}": ${from} must not import ${to}`);
      }
    }
  }
  return problems;
}

/** Source files under a folder of the project, as paths from the project root; none if it is absent. */
function sourceFiles(root: string, folder: string): string[] {
  const directory = join(root, folder);
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((name) => SOURCE_FILE.test(name) && !name.split(sep).includes("node_modules"))
    .map((name) => `${folder}/${name.split(sep).join("/")}`)
    .sort();
}

/** Every breach of the dependency rule in the project at `root`, by rule. */
export function architectureProblems(root: string): {
  engineImports: string[];
  engineImpurity: string[];
  webJobs: string[];
} {
  const read = (file: string) => readFileSync(join(root, file), "utf8");
  const engine = sourceFiles(root, "src/engine");
  const shells = [...sourceFiles(root, "src/web"), ...sourceFiles(root, "src/jobs")];
  return {
    engineImports: engine.flatMap((file) => engineImportProblems(file, read(file))),
    engineImpurity: engine.flatMap((file) => engineImpurityProblems(file, read(file))),
    webJobs: shells.flatMap((file) => webJobsProblems(file, read(file))),
  };
}

const report = (rule: string, problems: string[]) => `${rule}:\n  ${problems.join("\n  ")}`;

describe("the dependency rule holds in this project", () => {
  const problems = architectureProblems(projectRoot);

  test("src/engine imports only itself and its allowed packages", () => {
    assert.equal(
      problems.engineImports.length,
      0,
      report("The engine must not depend on anything outside itself", problems.engineImports),
    );
  });

  test("src/engine's own code never reads the clock or makes random values", () => {
    assert.equal(
      problems.engineImpurity.length,
      0,
      report("The engine must be given the time and ids", problems.engineImpurity),
    );
  });

  test("src/web and src/jobs never import each other", () => {
    assert.equal(problems.webJobs.length, 0, report("web/ and jobs/ stay apart", problems.webJobs));
  });

  test("the checks see the engine's files", () => {
    assert.ok(
      sourceFiles(projectRoot, "src/engine").length > 0,
      "no files found under src/engine: the checks above would pass vacuously",
    );
  });
});

describe("finding imports", () => {
  test("finds every form of import and re-export, with its line", () => {
    const source = [
      'import a from "a";',
      'import type { B } from "b";',
      "import {",
      "  c,",
      "  d,",
      '} from "c-and-d";',
      "import 'side-effect';",
      'export { e } from "e";',
      'export * as f from "f";',
      'const g = await import("g");',
      'export type { H } from "h";',
    ].join("\n");
    assert.deepEqual(importsIn(source), [
      { specifier: "a", line: 1 },
      { specifier: "b", line: 2 },
      { specifier: "c-and-d", line: 6 },
      { specifier: "side-effect", line: 7 },
      { specifier: "e", line: 8 },
      { specifier: "f", line: 9 },
      { specifier: "g", line: 10 },
      { specifier: "h", line: 11 },
    ]);
  });

  test("ignores comments, ordinary strings and exports without a source", () => {
    const source = [
      '// import x from "commented-out";',
      '/* import "blocked";',
      '   import("also-blocked") */',
      'const url = "https://example.org/from/here"; // from "nowhere"',
      'export const from = "x";',
      "export function load() { return 1; }",
    ].join("\n");
    assert.deepEqual(importsIn(source), []);
  });
});

describe("the engine's imports", () => {
  const file = "src/engine/calendar/deadline.ts";
  const testFile = "src/engine/calendar/deadline.test.ts";

  test("allows its own modules and its packages", () => {
    const source = [
      'import { x } from "./iso-date.ts";',
      'import type { Procedure } from "../procedure/schema.ts";',
      'import { Type } from "@sinclair/typebox";',
      'import { Value } from "@sinclair/typebox/value";',
      'import { parseDocument } from "yaml";',
      'import { DateTime } from "luxon";',
    ].join("\n");
    assert.deepEqual(engineImportProblems(file, source), []);
  });

  test("refuses IO modules, web and database packages, and code outside the engine", () => {
    const source = [
      'import { readFileSync } from "node:fs";',
      'import Fastify from "fastify";',
      'import { drizzle } from "drizzle-orm/node-postgres";',
      'import pg from "pg";',
      'import { paths } from "../../app/paths.ts";',
      'const fs = await import("fs");',
      'import "./ok.ts";',
    ].join("\n");
    const problems = engineImportProblems(file, source);
    assert.equal(problems.length, 6);
    assert.match(problems[0] ?? "", /^src\/engine\/calendar\/deadline\.ts:1 imports "node:fs"/);
    assert.match(problems[1] ?? "", /:2 imports "fastify"/);
    assert.match(problems[2] ?? "", /:3 imports "drizzle-orm\/node-postgres"/);
    assert.match(problems[3] ?? "", /:4 imports "pg"/);
    assert.match(problems[4] ?? "", /:5 imports "\.\.\/\.\.\/app\/paths\.ts", outside src\/engine/);
    assert.match(problems[5] ?? "", /:6 imports "fs"/);
  });

  test("a package is not allowed by a name it merely starts with", () => {
    assert.equal(engineImportProblems(file, 'import x from "yaml-extra";').length, 1);
    assert.equal(engineImportProblems(file, 'import x from "@sinclair/typebox-x";').length, 1);
  });

  test("tests may also use Node's test tools, read files, and fast-check", () => {
    const source = [
      'import assert from "node:assert/strict";',
      'import { readFileSync } from "node:fs";',
      'import { join } from "node:path";',
      'import { describe, test } from "node:test";',
      'import { fileURLToPath } from "node:url";',
      'import fc from "fast-check";',
    ].join("\n");
    assert.deepEqual(engineImportProblems(testFile, source), []);
    assert.equal(engineImportProblems(file, source).length, 6);
  });

  test("tests still may not reach outside the engine or use other IO", () => {
    const source = [
      'import { paths } from "../../app/paths.ts";',
      'import http from "node:http";',
    ].join("\n");
    assert.equal(engineImportProblems(testFile, source).length, 2);
  });
});

describe("the engine's purity", () => {
  const file = "src/engine/escalation/decide.ts";

  test("refuses the clock and randomness in the engine's own code", () => {
    const source = [
      "const now = Date.now();",
      "const today = new Date();",
      "const also = new Date;",
      "const n = Math.random();",
      "const id = crypto.randomUUID();",
    ].join("\n");
    assert.deepEqual(engineImpurityProblems(file, source), [
      `${file}:1 calls Date.now(): take the time or id as an input`,
      `${file}:2 calls new Date() with no argument: take the time or id as an input`,
      `${file}:3 calls new Date() with no argument: take the time or id as an input`,
      `${file}:4 calls Math.random(): take the time or id as an input`,
      `${file}:5 calls a random id from crypto: take the time or id as an input`,
    ]);
  });

  test("allows dates made from a given value, and mentions in comments", () => {
    const source = [
      "const day = new Date(ms).toISOString();",
      "const when = DateTime.now;",
      "const later = new DateTime(1);",
      "const at = Date.parse(text);",
      "// never call Date.now() or new Date() here",
    ].join("\n");
    assert.deepEqual(engineImpurityProblems(file, source), []);
  });

  test("lets the engine's tests use them", () => {
    assert.deepEqual(engineImpurityProblems("src/engine/x.test.ts", "Date.now();"), []);
  });
});

describe("web and jobs stay apart", () => {
  test("refuses an import from web into jobs and from jobs into web", () => {
    assert.deepEqual(
      webJobsProblems("src/web/routes/a.ts", 'import { scan } from "../../jobs/scan.ts";'),
      ['src/web/routes/a.ts:1 imports "../../jobs/scan.ts": src/web must not import src/jobs'],
    );
    assert.deepEqual(
      webJobsProblems("src/jobs/scan.ts", 'const app = await import("../web/app.ts");'),
      ['src/jobs/scan.ts:1 imports "../web/app.ts": src/jobs must not import src/web'],
    );
  });

  test("allows both to use app/ and db/", () => {
    const source = 'import { x } from "../app/x.ts";\nimport { db } from "../db/client.ts";';
    assert.deepEqual(webJobsProblems("src/web/app.ts", source), []);
    assert.deepEqual(webJobsProblems("src/jobs/scan.ts", source), []);
  });

  test("is enforced on a project once the folders exist", () => {
    const root = mkdtempSync(join(tmpdir(), "resolve-architecture-"));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      };
      assert.deepEqual(architectureProblems(root), {
        engineImports: [],
        engineImpurity: [],
        webJobs: [],
      });
      write("src/web/routes/home.ts", 'import { scan } from "../../jobs/scan.ts";\n');
      write("src/jobs/scan.ts", "export const scan = 1;\n");
      write(
        "src/engine/clock.ts",
        'import { readFileSync } from "node:fs";\nexport const now = Date.now();\n',
      );
      assert.deepEqual(architectureProblems(resolve(root)), {
        engineImports: [
          `src/engine/clock.ts:1 imports "node:fs", which is not on the engine's list (${ENGINE_PACKAGES.join(", ")})`,
        ],
        engineImpurity: ["src/engine/clock.ts:2 calls Date.now(): take the time or id as an input"],
        webJobs: [
          'src/web/routes/home.ts:1 imports "../../jobs/scan.ts": src/web must not import src/jobs',
        ],
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
