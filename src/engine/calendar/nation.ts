// The three bank-holiday divisions of the UK, named as the GOV.UK feed names them.

export type Nation = "england-and-wales" | "scotland" | "northern-ireland";

export const NATIONS: readonly Nation[] = Object.freeze([
  "england-and-wales",
  "scotland",
  "northern-ireland",
]);

export function isNation(value: unknown): value is Nation {
  return typeof value === "string" && (NATIONS as readonly string[]).includes(value);
}
