-- Who may see an escalation, enforced by PostgreSQL as well as by the application
-- (src/engine/policy/visibility.ts holds the same rule; a test keeps the two together).
-- Requests run as the role resolve_app, with the acting person's visibility set per transaction;
-- migrations, seeding and the jobs run as the owner, to whom these policies do not apply.
ALTER TABLE escalations ADD COLUMN stage_tier integer NOT NULL DEFAULT 1;
--> statement-breakpoint
ALTER TABLE escalations ADD COLUMN participant_ids uuid[] NOT NULL DEFAULT '{}';
--> statement-breakpoint
UPDATE escalations e SET participant_ids = ARRAY(
  SELECT DISTINCT actor_person_id::uuid FROM escalation_events v WHERE v.escalation_id = e.id
);
--> statement-breakpoint
-- The tier a stage is worked at: the lowest tier acting for a side, else the agencies' top tier.
UPDATE escalations e SET stage_tier = coalesce(
  (SELECT min((r.value->>'tier')::integer)
     FROM procedure_versions pv,
          json_array_elements(pv.definition->'tracks'->e.track->'stages') s(value),
          json_array_elements(s.value->'actors') a(value),
          json_array_elements(pv.definition->'roles') r(value)
    WHERE pv.procedure_id = e.procedure_id AND pv.version = e.procedure_version
      AND s.value->>'id' = e.stage
      AND a.value->>'side' IN ('raising', 'receiving')
      AND r.value->>'id' = a.value->>'role'),
  (SELECT max((r.value->>'tier')::integer)
     FROM procedure_versions pv, json_array_elements(pv.definition->'roles') r(value)
    WHERE pv.procedure_id = e.procedure_id AND pv.version = e.procedure_version
      AND r.value->>'level' = 'agency'),
  1);
--> statement-breakpoint
CREATE INDEX escalations_participants ON escalations USING gin (participant_ids);
--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'resolve_app') THEN
    CREATE ROLE resolve_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'resolve_app', 'MEMBER') THEN
    EXECUTE format('GRANT resolve_app TO %I', current_user);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO resolve_app', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO resolve_app', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO resolve_app', current_schema());
EXCEPTION WHEN unique_violation THEN NULL;
END $$;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON escalation_events FROM resolve_app;
--> statement-breakpoint
CREATE FUNCTION resolve_setting(name text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting(name, true), '')
$$;
--> statement-breakpoint
CREATE FUNCTION resolve_may_see(
  partnership uuid, track text, stage text, tier integer,
  raising uuid, receiving uuid[], participants uuid[]
) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT partnership = resolve_setting('resolve.partnership_id')::uuid
    AND (
      participants && ARRAY(SELECT jsonb_array_elements_text(coalesce(resolve_setting('resolve.person_ids'), '[]')::jsonb)::uuid)
      OR (track || '/' || stage) IN (SELECT jsonb_array_elements_text(coalesce(resolve_setting('resolve.overseen'), '[]')::jsonb))
      OR EXISTS (
        SELECT 1 FROM jsonb_each_text(coalesce(resolve_setting('resolve.agency_tiers'), '{}')::jsonb) AS acting(agency, at_tier)
         WHERE acting.at_tier::integer >= tier
           AND (acting.agency::uuid = raising OR acting.agency::uuid = ANY (receiving))
      )
    )
$$;
--> statement-breakpoint
ALTER TABLE escalations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY escalations_read ON escalations FOR SELECT TO resolve_app
  USING (resolve_may_see(partnership_id, track, stage, stage_tier, raising_agency_id, receiving_agency_ids, participant_ids));
--> statement-breakpoint
CREATE POLICY escalations_add ON escalations FOR INSERT TO resolve_app
  WITH CHECK (partnership_id = resolve_setting('resolve.partnership_id')::uuid);
--> statement-breakpoint
CREATE POLICY escalations_change ON escalations FOR UPDATE TO resolve_app
  USING (resolve_may_see(partnership_id, track, stage, stage_tier, raising_agency_id, receiving_agency_ids, participant_ids))
  WITH CHECK (partnership_id = resolve_setting('resolve.partnership_id')::uuid);
--> statement-breakpoint
ALTER TABLE escalation_parties ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY escalation_parties_visible ON escalation_parties FOR ALL TO resolve_app
  USING (EXISTS (SELECT 1 FROM escalations e WHERE e.id = escalation_id))
  WITH CHECK (EXISTS (SELECT 1 FROM escalations e WHERE e.id = escalation_id));
--> statement-breakpoint
ALTER TABLE escalation_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Whether an escalation's read model exists, whoever may see it: its events are being written
-- for the first time (a raise writes them before its read model) only while it does not.
DO $$
BEGIN
  EXECUTE format(
    'CREATE FUNCTION resolve_escalation_recorded(escalation uuid) RETURNS boolean'
    ' LANGUAGE sql STABLE SECURITY DEFINER SET search_path = %I'
    ' AS $body$ SELECT EXISTS (SELECT 1 FROM escalations WHERE id = escalation) $body$',
    current_schema());
END $$;
--> statement-breakpoint
CREATE POLICY escalation_events_read ON escalation_events FOR SELECT TO resolve_app
  USING (
    EXISTS (SELECT 1 FROM escalations e WHERE e.id = escalation_id)
    OR NOT resolve_escalation_recorded(escalation_id)
  );
--> statement-breakpoint
CREATE POLICY escalation_events_add ON escalation_events FOR INSERT TO resolve_app
  WITH CHECK (
    EXISTS (SELECT 1 FROM escalations e WHERE e.id = escalation_id)
    OR NOT resolve_escalation_recorded(escalation_id)
  );
