-- Close of business rewrites every live loan's row each day (status, days
-- past due, closed_through) and one instalment row per loan (interest
-- accrued). On full pages each new version went to another page, so every
-- index of the table got a new entry too; auto_explain of a 10,000-loan
-- batch counted 0 of 10,000 loan updates and 8 of 10,000 instalment updates
-- as HOT (heap-only). A batch updates all the loans on a page inside one
-- transaction, so each page needs room for a second version of every row:
-- fillfactor 50. Instalments, of which a day touches about one in three, 70.
-- With these, the same batch made 9,616 and 10,000 HOT updates.
-- Applies to pages written from now on; a database with loans already in it
-- gets the room when those tables are rewritten (VACUUM FULL, or pg_repack
-- without the lock).
ALTER TABLE "loans" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "installments" SET (fillfactor = 70);
