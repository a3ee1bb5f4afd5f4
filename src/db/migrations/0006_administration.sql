-- Administration: retention, role inboxes, absence delegates, and the history of every change.
ALTER TABLE partnerships ADD COLUMN retention_months integer DEFAULT 72 NOT NULL;
--> statement-breakpoint
ALTER TABLE partnerships ADD CONSTRAINT partnerships_retention_months_range CHECK (retention_months BETWEEN 1 AND 1200);
--> statement-breakpoint
CREATE TABLE role_inboxes (
	id uuid PRIMARY KEY NOT NULL,
	partnership_id uuid NOT NULL REFERENCES partnerships(id),
	agency_id uuid NOT NULL REFERENCES agencies(id),
	role text NOT NULL,
	name text NOT NULL,
	created_at timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX role_inboxes_agency_role ON role_inboxes USING btree (agency_id, role);
--> statement-breakpoint
CREATE INDEX role_inboxes_partnership ON role_inboxes USING btree (partnership_id);
--> statement-breakpoint
CREATE TABLE role_inbox_members (
	inbox_id uuid NOT NULL REFERENCES role_inboxes(id),
	person_id uuid NOT NULL REFERENCES people(id),
	CONSTRAINT role_inbox_members_pkey PRIMARY KEY (inbox_id, person_id)
);
--> statement-breakpoint
CREATE INDEX role_inbox_members_person ON role_inbox_members USING btree (person_id);
--> statement-breakpoint
CREATE TABLE absence_delegations (
	id uuid PRIMARY KEY NOT NULL,
	partnership_id uuid NOT NULL REFERENCES partnerships(id),
	person_id uuid NOT NULL REFERENCES people(id),
	delegate_id uuid NOT NULL REFERENCES people(id),
	starts_on date NOT NULL,
	ends_on date NOT NULL,
	created_at timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT absence_delegations_dates CHECK (ends_on >= starts_on),
	CONSTRAINT absence_delegations_not_self CHECK (person_id <> delegate_id)
);
--> statement-breakpoint
CREATE INDEX absence_delegations_person ON absence_delegations USING btree (person_id, starts_on);
--> statement-breakpoint
CREATE INDEX absence_delegations_delegate ON absence_delegations USING btree (delegate_id, starts_on);
--> statement-breakpoint
-- Who changed what in the partnership's set-up. actor_person_id is null for `resolve admin create`.
CREATE TABLE admin_changes (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	partnership_id uuid NOT NULL REFERENCES partnerships(id),
	actor_person_id uuid REFERENCES people(id),
	occurred_at timestamp with time zone NOT NULL,
	kind text NOT NULL,
	record_type text NOT NULL,
	record_id text NOT NULL,
	before_values jsonb,
	after_values jsonb
);
--> statement-breakpoint
CREATE INDEX admin_changes_partnership ON admin_changes USING btree (partnership_id, id DESC);
--> statement-breakpoint
-- Like the escalation events, the administrative history is append-only.
CREATE FUNCTION resolve_refuse_admin_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'admin_changes is append-only: % refused', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER admin_changes_append_only
  BEFORE UPDATE OR DELETE ON admin_changes
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_admin_change();
--> statement-breakpoint
CREATE TRIGGER admin_changes_no_truncate
  BEFORE TRUNCATE ON admin_changes
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_admin_change();
