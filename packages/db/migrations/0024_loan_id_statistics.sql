-- Close of business reads each batch of loans by an id range. UUIDs have no
-- scalar form for the planner to interpolate with, so a range whose two ends
-- fall in one histogram bucket was estimated at one row. At a million loans
-- with the default 100 buckets (10,000 loans each) that was a batch in two,
-- and its plans went bad: the loan update re-read its per-loan aggregate once
-- per loan, 17 to 23 s instead of 0.1 s, and a day took anything from 58 to
-- 128 s. With 10,000 buckets a batch of 10,000 loans spans many of them up to
-- 100 million loans.
ALTER TABLE "loans" ALTER COLUMN "id" SET STATISTICS 10000;
