DROP INDEX "collection_cases_queue_idx";--> statement-breakpoint
ALTER TABLE "collection_cases" ADD COLUMN "contact_key" bigint DEFAULT 10000000000000 NOT NULL;--> statement-breakpoint
CREATE INDEX "collection_cases_queue_idx" ON "collection_cases" USING btree ("bucket_rank" DESC NULLS LAST,"amount_overdue_minor" DESC NULLS LAST,"broken_promises" DESC NULLS LAST,"contact_key" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "collection_cases"."status" <> 'RESOLVED';--> statement-breakpoint
UPDATE "collection_cases" SET "contact_key" = 10000000000000 - (extract(epoch from "last_contact_at") * 1000)::bigint WHERE "last_contact_at" IS NOT NULL;
--> statement-breakpoint
-- contact_key is derived from last_contact_at: the database keeps it so, whoever writes.
CREATE FUNCTION collection_cases_contact_key() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.contact_key := coalesce(10000000000000 - (extract(epoch from NEW.last_contact_at) * 1000)::bigint, 10000000000000);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER collection_cases_contact_key
  BEFORE INSERT OR UPDATE OF last_contact_at ON collection_cases
  FOR EACH ROW EXECUTE FUNCTION collection_cases_contact_key();
