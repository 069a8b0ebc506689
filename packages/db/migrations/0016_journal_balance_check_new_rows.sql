-- The balance check looked up every entry a statement touched in the postings
-- index, twice: at a million accrual entries a day that was two million index
-- probes at the end of close of business. An entry's postings are written in
-- one statement, so the statement's own new rows are checked instead, grouped
-- in memory: each entry must have at least two of them, balanced per currency.
-- Stricter than before (postings added to an entry by a later statement must
-- balance among themselves), and, since balanced parts sum to a balanced
-- whole, every entry still balances.
CREATE OR REPLACE FUNCTION journal_entries_must_balance() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
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
