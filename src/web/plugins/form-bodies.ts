import formbody from "@fastify/formbody";
import type { FastifyInstance } from "fastify";
import { HttpError } from "../http-error.ts";

/** Forms post a few fields of text; 100 KB is ample, and anything larger is refused with 413. */
export const FORM_BODY_LIMIT = 100 * 1024;

/** A form's fields by name; a name sent more than once (checkboxes) gives a list. */
export type FormFields = Record<string, string | string[]>;

/**
 * Parses an `application/x-www-form-urlencoded` body strictly: a malformed percent-encoding or
 * a NUL character is the sender's mistake (400), not something to guess at. The result has no prototype, so a field
 * called `__proto__` or `constructor` is only a field.
 */
export function parseFormBody(body: string): FormFields {
  const fields: FormFields = Object.create(null);
  for (const pair of body.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? "" : decode(pair.slice(equals + 1));
    const existing = fields[name];
    if (existing === undefined) fields[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else fields[name] = [existing, value];
  }
  return fields;
}

function decode(text: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    throw new HttpError(400, "The form body is not valid URL encoding");
  }
  // No one types a NUL, and PostgreSQL cannot store one in text: refuse it here, once, rather
  // than fail (500) wherever a field reaches the database.
  if (decoded.includes("\u0000")) throw new HttpError(400, "The form body holds a NUL character");
  return decoded;
}

/** Form posts arrive as `request.body` (see `FormFields`). */
export async function formBodies(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT, parser: parseFormBody });
}
