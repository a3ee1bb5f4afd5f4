-- Retention (docs/adr/0010-retention-and-a-redactable-history.md). Each event's personal details
-- (src/engine/escalation/personal.ts) are held apart from it, in escalation_event_personal, so the
-- retention job can delete them when a closed escalation's retention period is over. New events
-- are hashed under rule 2: what is kept, and a salted digest of the personal details. Events
-- recorded before this migration keep rule 1 (the whole event) and their hashes: their personal
-- details are moved, not changed, and `resolve verify` puts them back together to check them.
CREATE TABLE escalation_event_personal (
  escalation_id uuid NOT NULL,
  version integer NOT NULL,
  fields jsonb NOT NULL,
  salt text,
  CONSTRAINT escalation_event_personal_pkey PRIMARY KEY (escalation_id, version),
  CONSTRAINT escalation_event_personal_event FOREIGN KEY (escalation_id, version)
    REFERENCES escalation_events (escalation_id, version)
);
--> statement-breakpoint
ALTER TABLE escalation_events ADD COLUMN hash_rule smallint NOT NULL DEFAULT 1;
--> statement-breakpoint
-- Every event from now on says which rule its hash follows.
ALTER TABLE escalation_events ALTER COLUMN hash_rule DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE escalation_events ADD COLUMN personal_digest text;
--> statement-breakpoint
ALTER TABLE escalation_events ADD CONSTRAINT escalation_events_hash_rule CHECK (hash_rule IN (1, 2));
--> statement-breakpoint
ALTER TABLE escalation_events ADD CONSTRAINT escalation_events_personal_digest_rule
  CHECK (hash_rule = 2 OR personal_digest IS NULL);
--> statement-breakpoint
-- The personal fields of each event type, by their path in the event's data: personal.ts as it
-- stands with this migration. A field that is null holds nothing personal and stays.
CREATE TEMPORARY TABLE resolve_personal_paths (type text NOT NULL, path text[] NOT NULL);
--> statement-breakpoint
INSERT INTO resolve_personal_paths (type, path) VALUES
  ('escalation-raised', '{child}'),
  ('escalation-raised', '{details,challenged}'),
  ('escalation-raised', '{details,tried}'),
  ('escalation-raised', '{details,evidence,text}'),
  ('escalation-raised', '{details,outcomeSought}'),
  ('discussion-recorded', '{participants}'),
  ('discussion-recorded', '{summary}'),
  ('action-agreed', '{description}'),
  ('action-agreed', '{owner}'),
  ('child-safety-deadline-set', '{reason}'),
  ('deadline-extended', '{reason}'),
  ('escalated', '{reason}'),
  ('escalated', '{evidence}'),
  ('resolution-proposed', '{outcome}'),
  ('resolution-proposed', '{outstandingIssues}'),
  ('closed-with-disagreement', '{raisingPosition}'),
  ('closed-with-disagreement', '{receivingPosition}'),
  ('closed-with-disagreement', '{planContinues}'),
  ('withdrawn', '{reason}'),
  ('redirected', '{reason}'),
  ('follow-up-confirmed', '{note}'),
  ('escalation-reopened', '{outstanding}');
--> statement-breakpoint
-- The one time recorded events are rewritten: by this migration, as the owner, with the trigger
-- that refuses it set aside for the purpose. Each moved field goes, unchanged, into the new
-- table; the hashes are not touched, and still verify over the event put back together.
ALTER TABLE escalation_events DISABLE TRIGGER escalation_events_append_only;
--> statement-breakpoint
INSERT INTO escalation_event_personal (escalation_id, version, fields, salt)
SELECT e.escalation_id, e.version,
       jsonb_object_agg(array_to_string(p.path, '.'), e.payload #> ('{data}'::text[] || p.path)),
       NULL
  FROM escalation_events e
  JOIN resolve_personal_paths p ON p.type = e.type
 WHERE jsonb_typeof(e.payload #> ('{data}'::text[] || p.path)) <> 'null'
 GROUP BY e.escalation_id, e.version;
--> statement-breakpoint
DO $$
DECLARE
  personal record;
BEGIN
  FOR personal IN SELECT type, path FROM resolve_personal_paths LOOP
    UPDATE escalation_events
       SET payload = payload #- ('{data}'::text[] || personal.path)
     WHERE type = personal.type
       AND jsonb_typeof(payload #> ('{data}'::text[] || personal.path)) <> 'null';
  END LOOP;
END $$;
--> statement-breakpoint
ALTER TABLE escalation_events ENABLE TRIGGER escalation_events_append_only;
--> statement-breakpoint
DROP TABLE resolve_personal_paths;
--> statement-breakpoint
-- Personal details are never changed, and deleted only once the escalation's own history records
-- that the retention rule removed them (the retention job appends that event, then deletes).
CREATE FUNCTION resolve_guard_personal_details() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM escalation_events v
     WHERE v.escalation_id = OLD.escalation_id AND v.type = 'escalation-anonymised'
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'escalation_event_personal: % refused: personal details are only deleted under the retention rule, after the escalation records its anonymisation', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER escalation_event_personal_guard
  BEFORE UPDATE OR DELETE ON escalation_event_personal
  FOR EACH ROW EXECUTE FUNCTION resolve_guard_personal_details();
--> statement-breakpoint
CREATE TRIGGER escalation_event_personal_no_truncate
  BEFORE TRUNCATE ON escalation_event_personal
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_event_change();
--> statement-breakpoint
-- People's requests (the application role) add and read personal details, never change or
-- delete them: only the retention job, running as the owner, deletes.
REVOKE UPDATE, DELETE, TRUNCATE ON escalation_event_personal FROM resolve_app;
--> statement-breakpoint
ALTER TABLE escalation_event_personal ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY escalation_event_personal_read ON escalation_event_personal FOR SELECT TO resolve_app
  USING (
    EXISTS (SELECT 1 FROM escalations e WHERE e.id = escalation_id)
    OR NOT resolve_escalation_recorded(escalation_id)
  );
--> statement-breakpoint
CREATE POLICY escalation_event_personal_add ON escalation_event_personal FOR INSERT TO resolve_app
  WITH CHECK (
    EXISTS (SELECT 1 FROM escalations e WHERE e.id = escalation_id)
    OR NOT resolve_escalation_recorded(escalation_id)
  );
--> statement-breakpoint
ALTER TABLE escalations ADD COLUMN anonymised_at timestamp with time zone;
--> statement-breakpoint
CREATE INDEX escalations_retention ON escalations (partnership_id, closed_at, id)
  WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;
