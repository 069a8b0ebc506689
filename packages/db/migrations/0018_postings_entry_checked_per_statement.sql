-- A posting's entry was checked by a foreign key: one lookup with a row lock
-- per posting, 20,000 per batch of close of business. The balance trigger
-- already reads each statement's new postings once; it now also checks, in
-- one anti-join, that every entry they name exists. Entries cannot be
-- deleted or changed (journal_refuse_change), so the key's other half, that
-- no entry disappears under its postings, holds without it.
ALTER TABLE "postings" DROP CONSTRAINT "postings_entry_id_journal_entries_id_fk";--> statement-breakpoint
CREATE OR REPLACE FUNCTION journal_entries_must_balance() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
  SELECT p.entry_id INTO bad FROM (SELECT DISTINCT entry_id FROM new_postings) p
  WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = p.entry_id) LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'posting names journal entry %, which does not exist', bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT entry_id INTO bad FROM new_postings
  GROUP BY entry_id, currency HAVING sum(debit_minor) <> sum(credit_minor) LIMIT 1;
  IF bad IS NULL THEN
    SELECT entry_id INTO bad FROM new_postings GROUP BY entry_id HAVING count(*) < 2 LIMIT 1;
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % does not balance or has fewer than two postings', bad
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
