-- The event history is append-only: nothing is updated or deleted in place (ARCHITECTURE.md, Data).
CREATE FUNCTION resolve_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'escalation_events is append-only: % refused', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER escalation_events_append_only
  BEFORE UPDATE OR DELETE ON escalation_events
  FOR EACH ROW EXECUTE FUNCTION resolve_refuse_event_change();
--> statement-breakpoint
CREATE TRIGGER escalation_events_no_truncate
  BEFORE TRUNCATE ON escalation_events
  FOR EACH STATEMENT EXECUTE FUNCTION resolve_refuse_event_change();
