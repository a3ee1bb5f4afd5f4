CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_events" (
	"escalation_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_person_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"previous_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "escalation_events_escalation_id_version_pk" PRIMARY KEY("escalation_id","version"),
	CONSTRAINT "escalation_events_version_positive" CHECK ("escalation_events"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "escalation_parties" (
	"escalation_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"side" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "escalation_parties_escalation_id_agency_id_pk" PRIMARY KEY("escalation_id","agency_id")
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"procedure_id" text NOT NULL,
	"procedure_version" text NOT NULL,
	"track" text NOT NULL,
	"thematic" boolean NOT NULL,
	"child_reference" text,
	"child_date_of_birth" date,
	"child_status" text,
	"category" text NOT NULL,
	"summary" text NOT NULL,
	"raising_agency_id" uuid NOT NULL,
	"receiving_agency_ids" uuid[] NOT NULL,
	"raised_by" uuid NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"stage" text NOT NULL,
	"round" integer NOT NULL,
	"stage_entered_at" timestamp with time zone NOT NULL,
	"stage_due_at" timestamp with time zone,
	"target_due_at" timestamp with time zone,
	"next_due_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnerships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"procedure_id" text NOT NULL,
	"procedure_version" text NOT NULL,
	"nation" text DEFAULT 'england-and-wales' NOT NULL,
	"close_of_business" text,
	"timescale_settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reference_prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid NOT NULL,
	"agency_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"job_title" text,
	"password_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_roles" (
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "person_roles_person_id_role_pk" PRIMARY KEY("person_id","role")
);
--> statement-breakpoint
CREATE TABLE "procedure_versions" (
	"procedure_id" text NOT NULL,
	"version" text NOT NULL,
	"definition" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedure_versions_procedure_id_version_pk" PRIMARY KEY("procedure_id","version")
);
--> statement-breakpoint
CREATE TABLE "reference_counters" (
	"partnership_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "reference_counters_partnership_id_year_pk" PRIMARY KEY("partnership_id","year")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_parties" ADD CONSTRAINT "escalation_parties_escalation_id_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "escalations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_name_unique" ON "agencies" USING btree ("partnership_id","name");--> statement-breakpoint
CREATE INDEX "escalation_parties_agency" ON "escalation_parties" USING btree ("agency_id","updated_at" DESC NULLS LAST,"escalation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalations_reference_unique" ON "escalations" USING btree ("partnership_id","reference");--> statement-breakpoint
CREATE INDEX "escalations_log" ON "escalations" USING btree ("partnership_id","updated_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "escalations_status_due" ON "escalations" USING btree ("partnership_id","status","next_due_at");--> statement-breakpoint
CREATE INDEX "escalations_stage" ON "escalations" USING btree ("partnership_id","stage");--> statement-breakpoint
CREATE INDEX "escalations_category" ON "escalations" USING btree ("partnership_id","category");--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_unique" ON "people" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "people_agency" ON "people" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "sessions_person" ON "sessions" USING btree ("person_id");