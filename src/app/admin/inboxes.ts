import {
  deleteInbox,
  findAgency,
  insertInbox,
  listInboxes,
  setInboxMembers as saveInboxMembers,
  renameInbox as saveInboxName,
  searchPeople,
} from "../../db/administration.ts";
import type { Executor } from "../../db/client.ts";
import { type Actor, type AdminDeps, changing, type Outcome, refuse } from "./changes.ts";

// Role inboxes: a shared queue for a role within an agency ("Head of service, Children's Social
// Care"), worked by several of the agency's people, so work addressed to the role never waits
// on one person.

export { inboxesOf } from "../../db/administration.ts";

export interface InboxDetails {
  agencyId: string;
  /** A role of the partnership's procedure. */
  role: string;
  name: string;
}

type Inbox = Awaited<ReturnType<typeof listInboxes>>[number];

/** The partnership's inbox with this id, with its agency's name and members, or undefined. */
export async function findInbox(
  db: Executor,
  partnershipId: string,
  id: string,
): Promise<Inbox | undefined> {
  const [inbox] = await listInboxes(db, partnershipId, { inboxId: id });
  return inbox;
}

const snapshot = (inbox: Pick<Inbox, "name" | "agencyName" | "role" | "members">) => ({
  name: inbox.name,
  agency: inbox.agencyName,
  role: inbox.role,
  members: inbox.members.map((member) => member.name),
});

export function addInbox(deps: AdminDeps, actor: Actor, details: InboxDetails): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const agency = await findAgency(tx, actor.partnershipId, details.agencyId);
    if (agency === undefined || !agency.active) {
      return { outcome: refuse("agency", "Select an active agency") };
    }
    const existing = await listInboxes(tx, actor.partnershipId, { agencyId: agency.id });
    if (existing.some((inbox) => inbox.role === details.role)) {
      return { outcome: refuse("role", "This agency already has an inbox for this role") };
    }
    const id = deps.newId();
    await insertInbox(tx, { id, partnershipId: actor.partnershipId, ...details });
    return {
      outcome: { ok: true, id },
      change: {
        kind: "inbox-added",
        recordType: "inbox",
        recordId: id,
        before: null,
        after: snapshot({ ...details, agencyName: agency.name, members: [] }),
      },
    };
  });
}

export function renameInbox(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  name: string,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const inbox = await findInbox(tx, actor.partnershipId, id);
    if (inbox === undefined) return { outcome: refuse("name", "The inbox could not be found") };
    await saveInboxName(tx, id, name);
    return {
      outcome: { ok: true, id },
      change: {
        kind: "inbox-changed",
        recordType: "inbox",
        recordId: id,
        before: snapshot(inbox),
        after: snapshot({ ...inbox, name }),
      },
    };
  });
}

/** The people who may work an agency's inboxes: its active people. */
export async function inboxCandidates(db: Executor, partnershipId: string, agencyId: string) {
  const { rows } = await searchPeople(
    db,
    partnershipId,
    { agency: agencyId, active: true },
    { offset: 0, limit: 1000 },
  );
  return rows;
}

/** Sets who works the inbox: active people of its agency, none or many. */
export function setInboxMembers(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  personIds: readonly string[],
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const inbox = await findInbox(tx, actor.partnershipId, id);
    if (inbox === undefined) return { outcome: refuse("members", "The inbox could not be found") };
    const candidates = await inboxCandidates(tx, actor.partnershipId, inbox.agencyId);
    const chosen = candidates.filter((person) => personIds.includes(person.id));
    if (chosen.length !== new Set(personIds).size) {
      return { outcome: refuse("members", `Select people who work for ${inbox.agencyName}`) };
    }
    await saveInboxMembers(
      tx,
      id,
      chosen.map((person) => person.id),
    );
    return {
      outcome: { ok: true, id },
      change: {
        kind: "inbox-changed",
        recordType: "inbox",
        recordId: id,
        before: snapshot(inbox),
        after: snapshot({ ...inbox, members: chosen }),
      },
    };
  });
}

/**
 * Removes an inbox set up by mistake or no longer wanted. Its members keep their own roles; work
 * for the role reaches the people who hold it, as in an agency without an inbox.
 */
export function removeInbox(deps: AdminDeps, actor: Actor, id: string): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const inbox = await findInbox(tx, actor.partnershipId, id);
    if (inbox === undefined) return { outcome: refuse("inbox", "The inbox could not be found") };
    await deleteInbox(tx, id);
    return {
      outcome: { ok: true, id },
      change: {
        kind: "inbox-removed",
        recordType: "inbox",
        recordId: id,
        before: snapshot(inbox),
        after: null,
      },
    };
  });
}
