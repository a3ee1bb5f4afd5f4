/**
 * Helpers for showing what is wrong with a form, GOV.UK style. Templates reach them as globals;
 * the error summary itself is the `errorSummary` macro in partials/error-summary.njk.
 */

/** One problem with one field. `field` is the id of the input to focus, e.g. `started-day`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The `errorMessage` option for a govuk macro: `{ text }` for the field's first error, or
 * `false` when it has none (the macros show no error then).
 * In a template: `errorMessage: errorMessageFor(errors, "agency")`.
 */
export function errorMessageFor(
  errors: readonly FieldError[] | undefined | null,
  field: string,
): { text: string } | false {
  const error = (errors ?? []).find((candidate) => candidate.field === field);
  return error === undefined ? false : { text: error.message };
}

/**
 * A page's `<title>`: "Error: " first when the form has errors, then the page, then the service.
 * In a template: `pageTitle(title, errors)` (the layout does this from the `title` variable).
 */
export function pageTitle(
  title: string | undefined | null,
  errors: readonly FieldError[] | undefined | null,
  serviceName = "Resolve",
): string {
  const prefix = (errors ?? []).length > 0 ? "Error: " : "";
  return title ? `${prefix}${title} – ${serviceName}` : `${prefix}${serviceName}`;
}
