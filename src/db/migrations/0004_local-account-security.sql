-- Local accounts: an authenticator app as a second factor, locking after failed attempts, and
-- password reset by emailed link.
ALTER TABLE "people" ADD COLUMN "totp_secret" text;
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "totp_pending_secret" text;
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "totp_last_step" bigint;
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"email_hash" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_in_attempts_failures_positive" CHECK ("failures" > 0)
);
--> statement-breakpoint
CREATE TABLE "sign_in_challenges" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL REFERENCES "people"("id"),
	"return_to" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sign_in_challenges_person" ON "sign_in_challenges" USING btree ("person_id");
--> statement-breakpoint
CREATE TABLE "password_resets" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL REFERENCES "people"("id"),
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "password_resets_person" ON "password_resets" USING btree ("person_id");
