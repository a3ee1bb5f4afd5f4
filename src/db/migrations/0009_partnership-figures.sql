-- Figures for the partnership team: counts of all the acting partnership's escalations, including
-- those row-level security hides from the team (the procedure brings it only some stages). The
-- function runs with its owner's rights to count them, and returns counts alone: never an id, a
-- reference, a child or any free text. The partnership is the one the transaction acts for
-- (resolve.partnership_id, set by actAs), never an argument a caller could choose; outside an
-- acting transaction it returns nothing. `as_of` is now, by the service's clock, for "overdue".
--   figure                  key              count
--   status                  status id        escalations with that status
--   stage-running           track/stage      running escalations at that stage
--   stage-closed            track/stage      closed escalations, by the stage they closed at
--   category-running        category id      running escalations in that category
--   category-closed         category id      closed escalations in that category
--   overdue                 ''               running escalations with a deadline passed at `as_of`
--   raised                  YYYY-MM          escalations raised in that month (UK time)
DO $$
BEGIN
  EXECUTE format($create$
    CREATE FUNCTION resolve_partnership_figures(as_of timestamptz)
    RETURNS TABLE (figure text, key text, count bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I
    AS $body$
      WITH mine AS (
        SELECT status, track, stage, category, next_due_at, raised_at,
               status IN ('open', 'resolution-proposed') AS running
          FROM escalations
         WHERE partnership_id = resolve_setting('resolve.partnership_id')::uuid
      )
      SELECT 'status', status, count(*) FROM mine GROUP BY status
      UNION ALL
      SELECT CASE WHEN running THEN 'stage-running' ELSE 'stage-closed' END,
             track || '/' || stage, count(*)
        FROM mine GROUP BY running, track, stage
      UNION ALL
      SELECT CASE WHEN running THEN 'category-running' ELSE 'category-closed' END,
             category, count(*)
        FROM mine GROUP BY running, category
      UNION ALL
      SELECT 'overdue', '', count(*) FROM mine WHERE running AND next_due_at < as_of
      UNION ALL
      SELECT 'raised', to_char(raised_at AT TIME ZONE 'Europe/London', 'YYYY-MM'), count(*)
        FROM mine GROUP BY 2
    $body$
  $create$, current_schema());
END $$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION resolve_partnership_figures(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION resolve_partnership_figures(timestamptz) TO resolve_app;
