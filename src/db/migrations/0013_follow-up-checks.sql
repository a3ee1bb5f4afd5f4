-- The follow-up check after a resolution, and bank holidays a partnership adds to its calendar.
-- When an escalation's follow-up check falls due (the start of its day), while it waits for an
-- answer: the follow-up job (src/jobs/follow-up.ts) prompts those who should answer from here.
ALTER TABLE escalations ADD COLUMN follow_up_due_at timestamp with time zone;
--> statement-breakpoint
CREATE INDEX escalations_follow_up_due ON escalations (follow_up_due_at)
  WHERE follow_up_due_at IS NOT NULL;
--> statement-breakpoint
-- Extra non-working days an administrator adds (a one-off bank holiday announced after the
-- shipped data): [{ "date": "YYYY-MM-DD", "title": "…" }], sorted by date.
ALTER TABLE partnerships ADD COLUMN added_holidays jsonb NOT NULL DEFAULT '[]'::jsonb;
--> statement-breakpoint
ALTER TABLE partnerships ADD CONSTRAINT partnerships_added_holidays_list
  CHECK (jsonb_typeof(added_holidays) = 'array');
--> statement-breakpoint
-- A digest of the calendar data the running escalations' deadlines were last worked out with
-- (data/bank-holidays.json): when a release ships different dates, start-up works them out again.
-- One row; no personal data, so no row-level security.
CREATE TABLE calendar_data (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  digest text NOT NULL,
  recorded_at timestamp with time zone NOT NULL
);
