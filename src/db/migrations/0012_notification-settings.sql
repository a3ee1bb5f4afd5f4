-- Deadline reminders and the daily digest (src/jobs/scanner.ts, src/app/notifications/).
-- How many working days before a stage's deadline its reminder goes (0: on the morning of the day
-- it is due); each partnership sets its own on the settings page.
ALTER TABLE partnerships ADD COLUMN reminder_working_days integer NOT NULL DEFAULT 1;
--> statement-breakpoint
ALTER TABLE partnerships ADD CONSTRAINT partnerships_reminder_working_days_range
  CHECK (reminder_working_days BETWEEN 0 AND 10);
--> statement-breakpoint
-- A message held for the daily digest names the digest it went out in, once it has. No foreign
-- key: a held message must never look unsent again, whatever happens to the digest's own row.
ALTER TABLE messages ADD COLUMN digest_id uuid;
--> statement-breakpoint
CREATE INDEX messages_held ON messages (partnership_id, recipient_person_id, created_at)
  WHERE delivery = 'digest' AND digest_id IS NULL;
--> statement-breakpoint
-- The scanner reads only running escalations whose deadline falls in a window around now.
CREATE INDEX escalations_stage_due ON escalations (partnership_id, stage_due_at)
  WHERE status IN ('open', 'resolution-proposed') AND stage_due_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX escalations_target_due ON escalations (partnership_id, target_due_at)
  WHERE status IN ('open', 'resolution-proposed') AND target_due_at IS NOT NULL;
--> statement-breakpoint
-- A deadline the scanner has finished with: every message it will ever call for is written (its
-- alert, and its prompt to escalate where one can come). Later passes leave it out of their
-- window, so a pass costs what is still to do, not every deadline of the last fortnight. The
-- clock is "stage:<stage>:<round>" or "target"; a deadline that moves is a new row.
CREATE TABLE deadline_scans (
  escalation_id uuid NOT NULL,
  clock text NOT NULL,
  due_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone NOT NULL,
  PRIMARY KEY (escalation_id, clock, due_at)
);
