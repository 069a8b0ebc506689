-- The contact access log is evidence: once written, a row can be neither changed nor removed.
CREATE FUNCTION contact_access_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'contact_access_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contact_access_log_no_update_delete
  BEFORE UPDATE OR DELETE ON contact_access_log
  FOR EACH ROW EXECUTE FUNCTION contact_access_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER contact_access_log_no_truncate
  BEFORE TRUNCATE ON contact_access_log
  FOR EACH STATEMENT EXECUTE FUNCTION contact_access_log_refuse_change();
