// A text input or textarea: trimmed, cleaned, required or not, and no longer than a limit.
import type { FieldError } from "../views/form-errors.ts";
import { cleanText, type Fields, formatCount, sentenceCase, single } from "./fields.ts";

/** The longest text a free-text field takes unless it says otherwise: about a page of writing. */
export const TEXT_LIMIT = 2000;

export interface TextRule {
  /** Names the field in messages, starting lower case: "what has been tried". */
  what: string;
  /** The same at the start of a sentence, when it is not simply `what` capitalised. */
  named?: string;
  /** false: an empty field reads as "". Default true. */
  required?: boolean;
  /** The most characters allowed (line breaks count as one). Default TEXT_LIMIT. */
  max?: number;
}

export type TextResult = { ok: true; text: string } | { ok: false; error: FieldError };

/**
 * Reads one text field. Messages are GOV.UK's: "Enter what has been tried", "What has been tried
 * must be 2,000 characters or fewer"; a field sent twice asks for it once. Script, quotes and SQL
 * are only text here: pages escape it, and the database takes it as a parameter.
 */
export function readText(fields: Fields, name: string, rule: TextRule): TextResult {
  const max = rule.max ?? TEXT_LIMIT;
  const named = rule.named ?? sentenceCase(rule.what);
  const value = single(fields, name);
  if (value === null)
    return { ok: false, error: { field: name, message: `Enter ${rule.what} once` } };
  const text = cleanText(value ?? "");
  if (text === "" && rule.required !== false) {
    return { ok: false, error: { field: name, message: `Enter ${rule.what}` } };
  }
  if (text.length > max) {
    return {
      ok: false,
      error: { field: name, message: `${named} must be ${formatCount(max)} characters or fewer` },
    };
  }
  return { ok: true, text };
}
