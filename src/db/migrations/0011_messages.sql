-- Messages to people: in-app notifications and the outbox of emails, one row per recipient per
-- cause. A message is written in the same transaction as whatever causes it; the dispatcher
-- (src/jobs/) claims the emails due with FOR UPDATE SKIP LOCKED. `key` names the cause, so a
-- message written twice (two scanners, a retry, a restart) is kept once.
CREATE TABLE messages (
  id uuid PRIMARY KEY,
  partnership_id uuid NOT NULL REFERENCES partnerships(id),
  key text NOT NULL,
  kind text NOT NULL,
  recipient_person_id uuid NOT NULL REFERENCES people(id),
  escalation_id uuid,
  subject text NOT NULL,
  body text NOT NULL,
  link text,
  created_at timestamp with time zone NOT NULL,
  read_at timestamp with time zone,
  email text,
  delivery text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamp with time zone,
  claimed_until timestamp with time zone,
  last_error text,
  sent_at timestamp with time zone,
  provider_reference text,
  CONSTRAINT messages_delivery CHECK (delivery IN ('none', 'digest', 'pending', 'sending', 'sent', 'failed')),
  CONSTRAINT messages_email_when_sent CHECK (delivery IN ('none', 'digest') OR email IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX messages_key ON messages (key);
--> statement-breakpoint
CREATE INDEX messages_recipient ON messages (recipient_person_id, created_at DESC, id DESC);
--> statement-breakpoint
CREATE INDEX messages_unread ON messages (recipient_person_id) WHERE read_at IS NULL;
--> statement-breakpoint
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE delivery IN ('pending', 'sending');
--> statement-breakpoint
CREATE INDEX messages_outbox ON messages (partnership_id, created_at DESC, id DESC);
