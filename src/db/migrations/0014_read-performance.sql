-- Row-level security that costs little a row, so pages read under it stay fast.
--
-- 0007's policies called resolve_may_see, which read the acting person's settings as JSON
-- through three subqueries for every row it checked. A function with subqueries cannot be
-- inlined, so PostgreSQL called it row by row (about 7 µs each) and planned around it as an
-- opaque cost: the parties of one agency were checked by reading all 100,000 escalations through
-- it first (2.7 seconds for "your work").
--
-- Here the rule is written into the policy itself. Each setting is read once a query (an
-- uncorrelated subquery is an init plan, evaluated once), as a PostgreSQL array that actAs
-- (src/db/visibility.ts) sets beside the JSON ones:
--   resolve.people            the person and the colleagues they act for (uuid[])
--   resolve.stages            the stages they oversee or convene, "track/stage" (text[])
--   resolve.agencies_by_tier  row N: the agencies where they act at tier N or above, padded
--                             with nulls (a two-dimensional uuid[]; row N is sliced as [N:N])
-- A row then costs about a microsecond. src/engine/policy/visibility.ts holds the same rule;
-- a test keeps the two together.
--
-- One policy states it, for reading and changing alike (a policy may not read its own table, so
-- the change policy cannot defer to the read policy), and new rows must be in the person's own
-- partnership, as before; escalations_kept keeps refusing every deletion, as having no delete
-- policy did.
DROP POLICY escalations_read ON escalations;
--> statement-breakpoint
DROP POLICY escalations_change ON escalations;
--> statement-breakpoint
DROP POLICY escalations_add ON escalations;
--> statement-breakpoint
DROP FUNCTION resolve_may_see(uuid, text, text, integer, uuid, uuid[], uuid[]);
--> statement-breakpoint
CREATE POLICY escalations_visible ON escalations FOR ALL TO resolve_app
  USING (
    partnership_id = (SELECT resolve_setting('resolve.partnership_id')::uuid)
    AND (
      participant_ids && (SELECT coalesce(resolve_setting('resolve.people'), '{}')::uuid[])
      OR (
        cardinality((SELECT coalesce(resolve_setting('resolve.stages'), '{}')::text[])) > 0
        AND (track || '/' || stage)
          = ANY ((SELECT coalesce(resolve_setting('resolve.stages'), '{}')::text[])::text[])
      )
      OR (raising_agency_id || receiving_agency_ids)
        && (SELECT coalesce(resolve_setting('resolve.agencies_by_tier'), '{}')::uuid[])[stage_tier:stage_tier]
    )
  )
  WITH CHECK (partnership_id = resolve_setting('resolve.partnership_id')::uuid);
--> statement-breakpoint
CREATE POLICY escalations_kept ON escalations AS RESTRICTIVE FOR DELETE TO resolve_app
  USING (false);
--> statement-breakpoint
-- A party row is visible when its escalation is. As EXISTS, PostgreSQL may answer that for a
-- page of parties by reading every visible escalation into a hash first; a scalar subquery is
-- answered a row at a time, through the primary key, for the rows the page actually reads.
ALTER POLICY escalation_parties_visible ON escalation_parties
  USING ((SELECT true FROM escalations e WHERE e.id = escalation_id))
  WITH CHECK ((SELECT true FROM escalations e WHERE e.id = escalation_id));
