import type { PolicyPerson } from "./subject.ts";

/**
 * Whether the person may raise escalations (triage and the raise journey): escalations are raised
 * for an agency, so the partnership team and administrators, who belong to none, may not. Your
 * work and the log are open to everyone signed in, showing only what each may see; administration
 * is `mayAdminister`.
 */
export function mayRaise(person: PolicyPerson): boolean {
  return person.active && person.agencyId !== null;
}
