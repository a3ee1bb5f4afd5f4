-- A page of "your work" or the log walks, in order, one index per way the person sees
-- escalations: their agency's parties, and (new here) what they took part in. Row-level security
-- keeps PostgreSQL from using the GIN index on participant_ids for a person's own query (its
-- operator is not leakproof), so without an ordered index of their own a filtered log read
-- thousands of escalations to find a page. Each walked row carries what the log filters by, in
-- its index, so a page reads only index entries until it has enough, and checks only those rows
-- against their escalation. The read model writes these rows with the escalation's
-- (src/db/read-model.ts).
ALTER TABLE escalation_parties
  ADD COLUMN status text,
  ADD COLUMN category text,
  ADD COLUMN stage text,
  ADD COLUMN stage_tier integer,
  ADD COLUMN next_due_at timestamptz;
--> statement-breakpoint
UPDATE escalation_parties p
   SET status = e.status, category = e.category, stage = e.stage, stage_tier = e.stage_tier,
       next_due_at = e.next_due_at
  FROM escalations e
 WHERE e.id = p.escalation_id;
--> statement-breakpoint
ALTER TABLE escalation_parties
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN category SET NOT NULL,
  ALTER COLUMN stage SET NOT NULL,
  ALTER COLUMN stage_tier SET NOT NULL;
--> statement-breakpoint
DROP INDEX escalation_parties_agency;
--> statement-breakpoint
CREATE INDEX escalation_parties_agency ON escalation_parties
  (agency_id, updated_at DESC NULLS LAST, escalation_id DESC NULLS LAST)
  INCLUDE (status, category, stage, stage_tier, next_due_at);
--> statement-breakpoint
CREATE TABLE escalation_participants (
  escalation_id uuid NOT NULL REFERENCES escalations(id),
  person_id uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  status text NOT NULL,
  category text NOT NULL,
  stage text NOT NULL,
  next_due_at timestamptz,
  PRIMARY KEY (escalation_id, person_id)
);
--> statement-breakpoint
INSERT INTO escalation_participants
SELECT e.id, person.id, e.updated_at, e.status, e.category, e.stage, e.next_due_at
  FROM escalations e, unnest(e.participant_ids) AS person(id);
--> statement-breakpoint
CREATE INDEX escalation_participants_person ON escalation_participants
  (person_id, updated_at DESC NULLS LAST, escalation_id DESC NULLS LAST)
  INCLUDE (status, category, stage, next_due_at);
--> statement-breakpoint
ALTER TABLE escalation_participants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY escalation_participants_visible ON escalation_participants FOR ALL TO resolve_app
  USING ((SELECT true FROM escalations e WHERE e.id = escalation_id))
  WITH CHECK ((SELECT true FROM escalations e WHERE e.id = escalation_id));
