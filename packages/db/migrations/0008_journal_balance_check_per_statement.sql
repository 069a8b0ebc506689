-- The per-posting deferred check ran one lookup per posting row at commit and
-- was planned as a scan of all postings: close of business for 10,000 loans
-- took a minute and grew every day. Checked instead once per INSERT statement,
-- over the entries that statement touched, against all their postings: an
-- entry's postings are written in one statement (postEntry, close of
-- business), and must balance per currency when that statement ends.
DROP TRIGGER postings_balanced ON postings;
--> statement-breakpoint
DROP FUNCTION journal_entry_must_balance();
--> statement-breakpoint
CREATE FUNCTION journal_entries_must_balance() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
  -- One index lookup per entry the statement touched (LATERAL keeps the
  -- planner from scanning every posting ever written).
  SELECT n.entry_id INTO bad
  FROM (SELECT DISTINCT entry_id FROM new_postings) n
  CROSS JOIN LATERAL (
    SELECT count(*) AS postings,
           bool_and(balanced) AS balanced
    FROM (
      SELECT count(*) AS lines, sum(p.debit_minor) = sum(p.credit_minor) AS balanced
      FROM postings p WHERE p.entry_id = n.entry_id GROUP BY p.currency
    ) per_currency
  ) c
  WHERE NOT c.balanced
     OR (SELECT count(*) FROM postings p WHERE p.entry_id = n.entry_id) < 2
  LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % does not balance or has fewer than two postings', bad
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER postings_balanced AFTER INSERT ON postings
  REFERENCING NEW TABLE AS new_postings
  FOR EACH STATEMENT EXECUTE FUNCTION journal_entries_must_balance();
