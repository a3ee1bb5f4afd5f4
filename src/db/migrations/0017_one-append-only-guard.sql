-- One function refuses changes to every append-only table, naming the table it guards; each
-- table had a copy of its own (0001, 0005, 0006, 0008), and escalation_event_personal borrowed the
-- events' copy, so a TRUNCATE of it was refused in the name of escalation_events.
CREATE FUNCTION resolve_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
--> statement-breakpoint
DROP TRIGGER escalation_events_append_only ON escalation_events;
--> statement-breakpoint
CREATE TRIGGER escalation_events_append_only
  BEFORE UPDATE OR DELETE ON escalation_events
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER escalation_events_no_truncate ON escalation_events;
--> statement-breakpoint
CREATE TRIGGER escalation_events_no_truncate
  BEFORE TRUNCATE ON escalation_events
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER single_sign_on_changes_append_only ON single_sign_on_changes;
--> statement-breakpoint
CREATE TRIGGER single_sign_on_changes_append_only
  BEFORE UPDATE OR DELETE ON single_sign_on_changes
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER single_sign_on_changes_no_truncate ON single_sign_on_changes;
--> statement-breakpoint
CREATE TRIGGER single_sign_on_changes_no_truncate
  BEFORE TRUNCATE ON single_sign_on_changes
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER admin_changes_append_only ON admin_changes;
--> statement-breakpoint
CREATE TRIGGER admin_changes_append_only
  BEFORE UPDATE OR DELETE ON admin_changes
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER admin_changes_no_truncate ON admin_changes;
--> statement-breakpoint
CREATE TRIGGER admin_changes_no_truncate
  BEFORE TRUNCATE ON admin_changes
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER child_detail_views_append_only ON child_detail_views;
--> statement-breakpoint
CREATE TRIGGER child_detail_views_append_only
  BEFORE UPDATE OR DELETE ON child_detail_views
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER child_detail_views_no_truncate ON child_detail_views;
--> statement-breakpoint
CREATE TRIGGER child_detail_views_no_truncate
  BEFORE TRUNCATE ON child_detail_views
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP TRIGGER escalation_event_personal_no_truncate ON escalation_event_personal;
--> statement-breakpoint
CREATE TRIGGER escalation_event_personal_no_truncate
  BEFORE TRUNCATE ON escalation_event_personal
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_change();
--> statement-breakpoint
DROP FUNCTION resolve_refuse_event_change();
--> statement-breakpoint
DROP FUNCTION resolve_refuse_single_sign_on_change_edit();
--> statement-breakpoint
DROP FUNCTION resolve_refuse_admin_change();
--> statement-breakpoint
DROP FUNCTION resolve_refuse_view_change();
