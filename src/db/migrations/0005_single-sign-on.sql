-- Single sign-on: a partnership may name one OpenID Connect provider its people sign in with.
CREATE TABLE "single_sign_on_providers" (
	"partnership_id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid NOT NULL
);
--> statement-breakpoint
-- Who set or removed a partnership's provider, and when. Never the secret: only whether it changed.
CREATE TABLE "single_sign_on_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"change" text NOT NULL,
	"label" text,
	"issuer" text,
	"client_id" text,
	"secret_changed" boolean NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "single_sign_on_changes_change" CHECK ("change" IN ('set', 'removed'))
);
--> statement-breakpoint
-- A sign-in on its way through the provider: the browser holds a random token, this row its hash.
CREATE TABLE "single_sign_on_attempts" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"state" text NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"return_to" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "single_sign_on_providers" ADD CONSTRAINT "single_sign_on_providers_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sign_on_providers" ADD CONSTRAINT "single_sign_on_providers_updated_by_people_id_fk" FOREIGN KEY ("updated_by") REFERENCES "people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sign_on_changes" ADD CONSTRAINT "single_sign_on_changes_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sign_on_changes" ADD CONSTRAINT "single_sign_on_changes_changed_by_people_id_fk" FOREIGN KEY ("changed_by") REFERENCES "people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sign_on_attempts" ADD CONSTRAINT "single_sign_on_attempts_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "single_sign_on_changes_partnership" ON "single_sign_on_changes" USING btree ("partnership_id","changed_at");--> statement-breakpoint
CREATE INDEX "single_sign_on_attempts_expires" ON "single_sign_on_attempts" USING btree ("expires_at");--> statement-breakpoint
-- The changes are a record: nothing is updated or deleted in place.
CREATE FUNCTION resolve_refuse_single_sign_on_change_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'single_sign_on_changes is append-only: % refused', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER single_sign_on_changes_append_only
  BEFORE UPDATE OR DELETE ON single_sign_on_changes
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_single_sign_on_change_edit();
--> statement-breakpoint
CREATE TRIGGER single_sign_on_changes_no_truncate
  BEFORE TRUNCATE ON single_sign_on_changes
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_single_sign_on_change_edit();
