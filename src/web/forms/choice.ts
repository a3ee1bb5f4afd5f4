// Radios and checkboxes: only the values the page offered are accepted.
import type { FieldError } from "../views/form-errors.ts";
import { type Fields, many, single } from "./fields.ts";

export interface ChoiceRule {
  /** The message when nothing (or something not offered) is chosen: "Select the child's status". */
  message: string;
  /** false: nothing chosen reads as null (radios) or [] (checkboxes). Default true. */
  required?: boolean;
}

export type ChoiceResult<T> = { ok: true; value: T | null } | { ok: false; error: FieldError };
export type ChoicesResult<T> = { ok: true; values: T[] } | { ok: false; error: FieldError };

/** One of `allowed` from a radio group. A value the page did not offer is an error, not a guess. */
export function readChoice<T extends string>(
  fields: Fields,
  name: string,
  allowed: readonly T[],
  rule: ChoiceRule,
): ChoiceResult<T> {
  const value = single(fields, name);
  if (value === undefined || value === "") {
    return rule.required === false
      ? { ok: true, value: null }
      : { ok: false, error: { field: name, message: rule.message } };
  }
  if (value !== null && (allowed as readonly string[]).includes(value)) {
    return { ok: true, value: value as T };
  }
  return { ok: false, error: { field: name, message: rule.message } };
}

/**
 * Any of `allowed` from a group of checkboxes, each once, in the order offered. A value the page
 * did not offer is an error.
 */
export function readChoices<T extends string>(
  fields: Fields,
  name: string,
  allowed: readonly T[],
  rule: ChoiceRule,
): ChoicesResult<T> {
  const values = many(fields, name);
  const chosen = values?.filter((value) => value !== "") ?? null;
  if (chosen === null || chosen.some((value) => !(allowed as readonly string[]).includes(value))) {
    return { ok: false, error: { field: name, message: rule.message } };
  }
  if (chosen.length === 0 && rule.required !== false) {
    return { ok: false, error: { field: name, message: rule.message } };
  }
  return { ok: true, values: allowed.filter((value) => chosen.includes(value)) };
}
