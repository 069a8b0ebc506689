-- The balance trigger grouped the statement's new postings twice: by entry
-- and currency for the balance, then by entry for "at least two postings".
-- One pass finds both: an entry with fewer than two postings has a group of
-- one, and a group of one posting never balances (postings_one_side: each
-- posting has exactly one side, and it is positive), so flagging groups of
-- one changes no answer. The existence probe of 0022 stays first.
CREATE OR REPLACE FUNCTION journal_entries_must_balance() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
  SELECT p.entry_id INTO bad FROM (SELECT DISTINCT entry_id FROM new_postings) p
  LEFT JOIN LATERAL (SELECT true AS found FROM journal_entries e WHERE e.id = p.entry_id LIMIT 1) e ON true
  WHERE e.found IS NULL LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'posting names journal entry %, which does not exist', bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT entry_id INTO bad FROM new_postings
  GROUP BY entry_id, currency
  HAVING sum(debit_minor) <> sum(credit_minor) OR count(*) < 2 LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % does not balance or has fewer than two postings', bad
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
