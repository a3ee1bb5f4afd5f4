// A page for checking the layout, the error summary and the components by eye (and in the
// browser tests) while no real pages exist. Registered only when `examplePages` is on.
// Remove this folder once the escalation pages exist: they will show all of this for real.
import type { FastifyInstance } from "fastify";
import type { FieldError } from "../../views/form-errors.ts";

export const SUMMARY_MAX_LENGTH = 500;

/** Made up, to show the signed-in part of the header until sign-in exists. */
const EXAMPLE_SIGNED_IN = { person: { name: "Alex Morgan" }, csrfToken: "example-only" };

type Fields = Partial<Record<string, string | string[]>>;

const text = (fields: Fields, name: string): string => {
  const value = fields[name];
  return typeof value === "string" ? value.trim() : "";
};

/** What is wrong with the example form, in the order its fields appear. */
export function validateExample(fields: Fields): FieldError[] {
  const errors: FieldError[] = [];
  if (text(fields, "agency") === "") {
    errors.push({ field: "agency", message: "Enter the agency you work for" });
  }
  if (!["routine", "urgent"].includes(text(fields, "urgency"))) {
    errors.push({ field: "urgency", message: "Select how urgent it is" });
  }
  const dateError = startedDateError(fields);
  if (dateError !== null) errors.push(dateError);
  const summary = text(fields, "summary");
  if (summary === "") {
    errors.push({ field: "summary", message: "Enter what the disagreement is about" });
  } else if (summary.length > SUMMARY_MAX_LENGTH) {
    errors.push({
      field: "summary",
      message: `What the disagreement is about must be ${SUMMARY_MAX_LENGTH} characters or fewer`,
    });
  }
  return errors;
}

function startedDateError(fields: Fields): FieldError | null {
  const parts = ["day", "month", "year"] as const;
  const values = parts.map((part) => text(fields, `started-${part}`));
  const missing = parts.filter((_part, index) => values[index] === "");
  if (missing.length === parts.length) {
    return { field: "started-day", message: "Enter the date the disagreement started" };
  }
  if (missing.length > 0) {
    return {
      field: `started-${missing[0]}`,
      message: `The date the disagreement started must include a ${missing.join(" and ")}`,
    };
  }
  const [day, month, year] = values.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    values.every((value) => /^\d+$/.test(value)) &&
    year >= 1000 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return real
    ? null
    : { field: "started-day", message: "The date the disagreement started must be a real date" };
}

export async function devRoutes(app: FastifyInstance): Promise<void> {
  app.get("/dev/example", async (request, reply) => {
    const sent = (request.query as Record<string, unknown>).sent === "yes";
    return reply.render("dev/example.njk", { ...EXAMPLE_SIGNED_IN, values: {}, errors: [], sent });
  });

  app.post("/dev/example", async (request, reply) => {
    const fields = (request.body ?? {}) as Fields;
    const errors = validateExample(fields);
    if (errors.length === 0) return reply.redirect("/dev/example?sent=yes", 303);
    return reply
      .code(400)
      .render("dev/example.njk", { ...EXAMPLE_SIGNED_IN, values: fields, errors });
  });
}
