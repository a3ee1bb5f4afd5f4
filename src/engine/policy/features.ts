import type { Subject } from "./subject.ts";
import { mayAdminister } from "./subject.ts";

/** The parts of the service a route belongs to, beyond a single escalation. */
export type Feature =
  /** Triage and raising a new escalation. */
  | "raise"
  /** Agencies, people, inboxes, delegates, settings, and the record of who viewed children's details. */
  | "administration";

/**
 * Whether the subject may use a part of the service at all. Your work and the log are open to
 * everyone signed in, showing only what each may see; raising needs an agency to raise for;
 * administration needs the administrator role — and gives no sight of children's details.
 */
export function mayUse(subject: Subject, feature: Feature): boolean {
  const { person } = subject;
  if (!person.active) return false;
  switch (feature) {
    case "administration":
      return mayAdminister(person);
    case "raise":
      return person.agencyId !== null;
  }
}
