DROP TABLE "contact_access_chain_heads" CASCADE;--> statement-breakpoint
ALTER TABLE "contact_access_log" ADD COLUMN "client_request_id" text;--> statement-breakpoint
ALTER TABLE "contact_access_log" ADD COLUMN "token_id" text;--> statement-breakpoint
ALTER TABLE "contact_access_log" ADD COLUMN "acted_by" text;