import { lockDirectory } from "../../db/administration.ts";
import { listPartnerships } from "../../db/directory.ts";
import { ADMINISTRATOR } from "../../engine/policy/index.ts";
import { hashPassword } from "../auth.ts";
import { type Actor, type AdminDeps, record } from "./changes.ts";
import { addPersonIn, isEmailAddress } from "./people.ts";
import { createPartnershipIn, type NewPartnership } from "./settings.ts";

// The first administrator, made from the command line (`resolve admin create`) on a new
// installation: the one way in before anyone can sign in, with no demo account involved.

export interface FirstAdministrator {
  name: string;
  email: string;
  password: string;
  /** Needed when the database has no partnership yet; refused when it has one. */
  partnership?: NewPartnership;
}

export type FirstAdministratorResult =
  | { ok: true; personId: string; partnershipId: string; partnershipCreated: boolean }
  | { ok: false; message: string };

/** The shortest password accepted for the first administrator. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_LENGTH = 200;

function problems(input: FirstAdministrator): string[] {
  const found: string[] = [];
  const text = (value: string, what: string) => {
    if (value.trim() === "") found.push(`Give ${what}.`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
    else if (value.length > MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
      found.push(
        `${what[0]?.toUpperCase()}${what.slice(1)} must be ${MAX_LENGTH} characters or fewer, on one line.`,
      );
    }
  };
  text(input.name, "the administrator's name (--name)");
  if (!isEmailAddress(input.email.trim())) {
    found.push("Give the administrator's email address (--email), like name@example.org.");
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    found.push(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (input.password.length > 1024) found.push("The password must be 1,024 characters or fewer.");
  if (input.partnership !== undefined) {
    text(input.partnership.name, "the partnership's name (--partnership-name)");
    if (!/^[A-Z]{2,6}$/.test(input.partnership.referencePrefix)) {
      found.push(
        "The reference prefix (--reference-prefix) must be 2 to 6 capital letters, like DOR.",
      );
    }
  }
  return found;
}

export async function createFirstAdministrator(
  deps: AdminDeps,
  input: FirstAdministrator,
): Promise<FirstAdministratorResult> {
  const found = problems(input);
  if (found.length > 0) return { ok: false, message: found.join("\n") };
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    await lockDirectory(tx);
    const existing = await listPartnerships(tx);
    if (existing.length > 1) {
      return {
        ok: false,
        message:
          "The database has more than one partnership: add administrators in the service instead.",
      };
    }
    let partnershipId = existing[0]?.id;
    if (partnershipId !== undefined && input.partnership !== undefined) {
      return {
        ok: false,
        message: `The database already has a partnership (${existing[0]?.name}): leave out --partnership-name, --procedure and --reference-prefix.`,
      };
    }
    if (partnershipId === undefined) {
      if (input.partnership === undefined) {
        return {
          ok: false,
          message:
            "There is no partnership yet: give --partnership-name, --procedure and --reference-prefix to create it.",
        };
      }
      const step = await createPartnershipIn(tx, deps, input.partnership);
      if (!step.outcome.ok) return { ok: false, message: `${step.outcome.refusal.message}.` };
      partnershipId = step.outcome.id;
      await record(tx, deps, { id: null, partnershipId }, step);
    }
    const actor: Actor = { id: null, partnershipId };
    const step = await addPersonIn(tx, deps, actor, {
      name: input.name.trim(),
      email: input.email.trim(),
      jobTitle: null,
      agencyId: null,
      roles: [ADMINISTRATOR],
      passwordHash,
    });
    // With no partnership before, there was no one to share the email with: this cannot leave
    // a partnership made without its administrator.
    const outcome = await record(tx, deps, actor, step);
    if (!outcome.ok) return { ok: false, message: `${outcome.refusal.message}.` };
    return {
      ok: true,
      personId: outcome.id,
      partnershipId,
      partnershipCreated: existing.length === 0,
    };
  });
}
