-- Who viewed a child's details, when, and where: one row each time a person is shown the page or
-- the printable record of an escalation about a child. Append-only, like the escalation events
-- and the administrative history. The reference is kept beside the id so administrators can read
-- the record without the escalations table, which row-level security keeps from them; the agency
-- is the person's at the time (null for the partnership team), as people move between agencies.
CREATE TABLE child_detail_views (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	partnership_id uuid NOT NULL REFERENCES partnerships(id),
	escalation_id uuid NOT NULL,
	escalation_reference text NOT NULL,
	person_id uuid NOT NULL REFERENCES people(id),
	agency_id uuid REFERENCES agencies(id),
	viewed_at timestamp with time zone NOT NULL,
	viewed text NOT NULL,
	CONSTRAINT child_detail_views_viewed CHECK (viewed IN ('escalation', 'record'))
);
--> statement-breakpoint
CREATE INDEX child_detail_views_partnership ON child_detail_views USING btree (partnership_id, id DESC);
--> statement-breakpoint
CREATE INDEX child_detail_views_reference ON child_detail_views USING btree (partnership_id, escalation_reference, id DESC);
--> statement-breakpoint
CREATE INDEX child_detail_views_escalation ON child_detail_views USING btree (escalation_id, id DESC);
--> statement-breakpoint
CREATE INDEX child_detail_views_person ON child_detail_views USING btree (person_id, id DESC);
--> statement-breakpoint
CREATE FUNCTION resolve_refuse_view_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'child_detail_views is append-only: % refused', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER child_detail_views_append_only
  BEFORE UPDATE OR DELETE ON child_detail_views
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_view_change();
--> statement-breakpoint
CREATE TRIGGER child_detail_views_no_truncate
  BEFORE TRUNCATE ON child_detail_views
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_view_change();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON child_detail_views FROM resolve_app;
--> statement-breakpoint
-- A person acting records only their own views, in their own partnership, of an escalation about
-- a child that they can see, under its own reference; and reads none (administrators read the
-- record as the owner, outside row-level security).
ALTER TABLE child_detail_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY child_detail_views_add ON child_detail_views FOR INSERT TO resolve_app
  WITH CHECK (
    partnership_id = resolve_setting('resolve.partnership_id')::uuid
    AND person_id::text IN (
      SELECT jsonb_array_elements_text(coalesce(resolve_setting('resolve.person_ids'), '[]')::jsonb)
    )
    AND EXISTS (
      SELECT 1 FROM escalations e
       WHERE e.id = escalation_id AND e.reference = escalation_reference AND NOT e.thematic
    )
  );
