import { recordChildDetailView, type ViewedPart } from "../db/child-detail-views.ts";
import { actAs } from "../db/visibility.ts";
import type { Access } from "./access.ts";
import type { EscalationDeps, EscalationView } from "./escalations.ts";

/**
 * Records that the person is being shown the child's details of an escalation, before they are:
 * if the record cannot be written this throws, and the page is not shown unrecorded. Thematic
 * escalations hold no child, so showing them records nothing. The person recorded is the one
 * looking, even when they look as a delegate or from a role inbox.
 */
export async function recordViewing(
  deps: Pick<EscalationDeps, "db" | "now">,
  access: Access,
  view: EscalationView,
  viewed: ViewedPart,
): Promise<void> {
  const { state } = view;
  if (state.thematic || state.child === null) return;
  await deps.db.transaction(async (tx) => {
    await actAs(tx, access.visibility);
    await recordChildDetailView(tx, {
      partnershipId: state.registration.partnershipId,
      escalationId: state.id,
      escalationReference: state.registration.reference,
      personId: access.person.id,
      agencyId: access.person.agencyId,
      viewedAt: deps.now(),
      viewed,
    });
  });
}
