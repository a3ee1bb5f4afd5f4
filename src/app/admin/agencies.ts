import { agencyNameTaken, findAgency, updateAgency } from "../../db/administration.ts";
import { type Agency, insertAgency } from "../../db/directory.ts";
import type { SECTORS } from "../../db/schema.ts";
import { type Actor, type AdminDeps, changing, type Outcome, refuse } from "./changes.ts";

// Adding and changing the partnership's agencies. An agency is never deleted, because
// escalations refer to it: it is made inactive, and can be made active again.

export type Sector = (typeof SECTORS)[number];

export interface AgencyDetails {
  name: string;
  sector: Sector;
}

const snapshot = (agency: Pick<Agency, "name" | "sector" | "active">) => ({
  name: agency.name,
  sector: agency.sector,
  active: agency.active,
});

const NAME_TAKEN = "There is already an agency with this name in the partnership";

export function addAgency(deps: AdminDeps, actor: Actor, details: AgencyDetails): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    if (await agencyNameTaken(tx, actor.partnershipId, details.name)) {
      return { outcome: refuse("name", NAME_TAKEN) };
    }
    const agency = await insertAgency(tx, {
      id: deps.newId(),
      partnershipId: actor.partnershipId,
      ...details,
    });
    return {
      outcome: { ok: true, id: agency.id },
      change: {
        kind: "agency-added",
        recordType: "agency",
        recordId: agency.id,
        before: null,
        after: snapshot(agency),
      },
    };
  });
}

export function changeAgency(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  details: AgencyDetails,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const agency = await findAgency(tx, actor.partnershipId, id);
    if (agency === undefined) return { outcome: refuse("name", "The agency could not be found") };
    if (await agencyNameTaken(tx, actor.partnershipId, details.name, id)) {
      return { outcome: refuse("name", NAME_TAKEN) };
    }
    await updateAgency(tx, id, details);
    return {
      outcome: { ok: true, id },
      change: {
        kind: "agency-changed",
        recordType: "agency",
        recordId: id,
        before: snapshot(agency),
        after: snapshot({ ...agency, ...details }),
      },
    };
  });
}

/** Makes an agency inactive (no new escalations with it) or active again. */
export function setAgencyActive(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  active: boolean,
): Promise<Outcome> {
  return changing(deps, actor, async (tx) => {
    const agency = await findAgency(tx, actor.partnershipId, id);
    if (agency === undefined) return { outcome: refuse("active", "The agency could not be found") };
    await updateAgency(tx, id, { active });
    return {
      outcome: { ok: true, id },
      change: {
        kind: active ? "agency-reactivated" : "agency-deactivated",
        recordType: "agency",
        recordId: id,
        before: snapshot(agency),
        after: snapshot({ ...agency, active }),
      },
    };
  });
}
