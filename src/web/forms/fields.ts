// What a posted form (or a query string) holds, and how its text is cleaned before anything reads
// it. Nothing here trusts the sender: a field may be missing, sent twice, or hold any characters.

/**
 * A form's fields by name, as the form-body parser gives them (a name sent more than once is a
 * list), or a parsed query string. Anything else (`undefined`, a string) reads as no fields.
 */
export type Fields = Readonly<Partial<Record<string, unknown>>>;

/** The fields of a request body or query, whatever arrived: never null, never a prototype's. */
export function fieldsOf(body: unknown): Fields {
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Fields) : {};
}

/**
 * A field's single value: the string sent, `undefined` when it was not sent, or `null` when it
 * came as something other than one string (sent twice, or an object from a JSON body).
 */
export function single(fields: Fields, name: string): string | undefined | null {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : null;
}

/** A field's values as a list of strings (checkboxes): one string or many; null if any is not one. */
export function many(fields: Fields, name: string): string[] | null {
  if (!Object.hasOwn(fields, name)) return [];
  const value = fields[name];
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  return null;
}

// C0 and C1 control characters other than tab and line feed. PostgreSQL cannot store NUL in
// text or JSON, and none of the others belong in what a person types.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Text as it will be stored: line breaks as `\n` (browsers send `\r\n`, which would count twice
 * against a limit the character count shows as once), control characters removed, trimmed.
 */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL_CHARACTERS, "").trim();
}

/**
 * The values to show back in a form's fields, by name: each string as sent, each list of strings
 * as a list (checkboxes), anything else left out. `_csrf` is never echoed: the page sets its own.
 */
export function echo(fields: Fields): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const name of Object.keys(fields)) {
    if (name === "_csrf") continue;
    const value = fields[name];
    if (typeof value === "string") values[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
      values[name] = value;
    }
  }
  return values;
}

/** "the date of the discussion" → "The date of the discussion", for the start of a message. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 2000 → "2,000", as GOV.UK writes numbers in messages. */
export function formatCount(count: number): string {
  return count.toLocaleString("en-GB");
}
