-- The trial balance, the one reader of (currency, account), sums every posting of a
-- currency: a sequential scan with or without this index. Close of business inserts
-- two postings per loan a day, and each paid for an entry here.
DROP INDEX "postings_currency_account_idx";
