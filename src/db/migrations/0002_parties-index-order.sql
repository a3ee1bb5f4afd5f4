-- "Your work" and the log walk an agency's escalations newest first, (updated_at, id) descending:
-- the index must run in that order in both columns to serve the page without a sort.
DROP INDEX IF EXISTS "escalation_parties_agency";
--> statement-breakpoint
CREATE INDEX "escalation_parties_agency" ON "escalation_parties" USING btree ("agency_id","updated_at" DESC NULLS LAST,"escalation_id" DESC NULLS LAST);
