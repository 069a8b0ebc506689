-- Payment reminders look for the instalments falling due on one day among a
-- batch of loans; without this they read every instalment of the batch (30,000
-- index probes for 10,000 loans) to keep a few. Neither column changes in close
-- of business, so its instalment updates stay HOT. On a large existing table,
-- build it by hand first with CREATE INDEX CONCURRENTLY under this name.
CREATE INDEX IF NOT EXISTS "installments_due_date_idx" ON "installments" USING btree ("due_date","loan_id");
