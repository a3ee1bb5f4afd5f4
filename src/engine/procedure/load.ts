import type { TSchema } from "@sinclair/typebox";
import { type ValueError, ValueErrorType } from "@sinclair/typebox/errors";
import { Value } from "@sinclair/typebox/value";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { DEADLINE_VARIANTS, type Procedure, ProcedureSchema } from "./schema.ts";
import { checkProcedure } from "./validate.ts";

/** One problem in a definition, told so that a partnership administrator can fix it. */
export interface DefinitionError {
  file: string;
  /** Where in the file, e.g. tracks.general.stages[2].deadline.workingDays; "" for the whole file. */
  path: string;
  expected: string;
  found: string;
  line?: number | undefined;
}

export type LoadResult =
  | { ok: true; procedure: Procedure }
  | { ok: false; errors: DefinitionError[] };

export function formatDefinitionError(error: DefinitionError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
  const path = error.path === "" ? "" : ` ${error.path}`;
  return `${where}${path}: expected ${error.expected}, found ${error.found}`;
}

/** Parses and checks a definition's YAML text. `file` names it in the errors. */
export function parseProcedure(text: string, file: string): LoadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => ({
        file,
        path: "",
        expected: "well-formed YAML",
        found: error.message.split("\n")[0] ?? error.code,
        line: lineCounter.linePos(error.pos[0]).line,
      })),
    };
  }
  const data: unknown = document.toJS();
  const lineOf = (segments: readonly string[]): number | undefined => {
    for (let depth = segments.length; depth >= 0; depth--) {
      const node = document.getIn(segmentsAsKeys(segments.slice(0, depth)), true);
      if (isMap(node) || isSeq(node) || isScalar(node)) {
        const start = node.range?.[0];
        if (start !== undefined) return lineCounter.linePos(start).line;
      }
    }
    return undefined;
  };
  const located = (segments: readonly string[], expected: string, found: string) => {
    const line = lineOf(segments);
    const error: DefinitionError = { file, path: dotted(segments), expected, found };
    return line === undefined ? error : { ...error, line };
  };

  const shapeErrors = schemaErrors(ProcedureSchema, data, []);
  if (shapeErrors.length > 0) {
    return {
      ok: false,
      errors: shapeErrors.map((error) => located(error.segments, error.expected, error.found)),
    };
  }
  const procedure = data as Procedure;
  const problems = checkProcedure(procedure);
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map((problem) => located(problem.segments, problem.expected, problem.found)),
    };
  }
  return { ok: true, procedure };
}

interface ShapeError {
  segments: string[];
  expected: string;
  found: string;
}

function schemaErrors(schema: TSchema, value: unknown, prefix: string[]): ShapeError[] {
  const errors: ShapeError[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const segments = [...prefix, ...pointerSegments(error.path)];
    const key = segments.join("/");
    // Report the first (most specific) problem at each place only.
    if (seen.has(key)) continue;
    seen.add(key);
    const deadlineVariant = deadlineVariantFor(error);
    if (deadlineVariant !== undefined) {
      errors.push(...schemaErrors(deadlineVariant, error.value, segments));
      continue;
    }
    errors.push({ segments, expected: describeExpected(error), found: describeFound(error) });
  }
  return errors;
}

/** A deadline is a union: judge it by the variant its keys name, not by all four at once. */
function deadlineVariantFor(error: ValueError): TSchema | undefined {
  if (error.type !== ValueErrorType.Union) return undefined;
  if (!DEADLINE_VARIANTS.some((variant) => error.schema.anyOf?.includes(variant.schema))) {
    return undefined;
  }
  const value = error.value;
  if (typeof value !== "object" || value === null) return undefined;
  return DEADLINE_VARIANTS.find((variant) => variant.key in value)?.schema;
}

function describeExpected(error: ValueError): string {
  const schema = error.schema;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `a value for ${lastSegment(error.path)}${schema.description ? ` (${schema.description})` : ""}`;
    case ValueErrorType.ObjectAdditionalProperties:
      return `only the fields ${Object.keys(schema.properties ?? {}).join(", ")}`;
    case ValueErrorType.Union: {
      const literals = (schema.anyOf as TSchema[] | undefined)
        ?.map((option) => option.const)
        .filter((option) => option !== undefined);
      if (literals !== undefined && literals.length === schema.anyOf.length) {
        return `one of ${literals.map((literal) => JSON.stringify(literal)).join(", ")}`;
      }
      if (
        schema.anyOf?.some((option: TSchema) => DEADLINE_VARIANTS.some((v) => v.schema === option))
      ) {
        return "a deadline with one of workingDays, hours, calendarDays or setting";
      }
      return schema.description ?? "one of the allowed forms";
    }
    case ValueErrorType.Integer:
      return "a whole number";
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `a number no less than ${schema.minimum}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `a number no more than ${schema.maximum}`;
    case ValueErrorType.StringPattern:
      return schema.pattern === "^[a-z][a-z0-9-]*$"
        ? "an id in lower case letters, digits and hyphens, starting with a letter"
        : `text matching ${schema.pattern}`;
    case ValueErrorType.StringMinLength:
      return "some text";
    case ValueErrorType.ArrayMinItems:
      return `at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`;
    case ValueErrorType.ArrayUniqueItems:
      return "no repeated items";
    default:
      return error.message.replace(/^Expected /, "").toLowerCase();
  }
}

function describeFound(error: ValueError): string {
  if (error.type === ValueErrorType.ObjectRequiredProperty) return "nothing";
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    return `an unknown field ${JSON.stringify(lastSegment(error.path))}`;
  }
  return describeValue(error.value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function lastSegment(pointer: string): string {
  return pointerSegments(pointer).at(-1) ?? "";
}

function segmentsAsKeys(segments: readonly string[]): (string | number)[] {
  return segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** ["tracks","general","stages","2","deadline"] → tracks.general.stages[2].deadline */
function dotted(segments: readonly string[]): string {
  return segments.reduce(
    (path, segment) =>
      /^\d+$/.test(segment) ? `${path}[${segment}]` : path === "" ? segment : `${path}.${segment}`,
    "",
  );
}
