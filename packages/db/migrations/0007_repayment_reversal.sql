ALTER TABLE "repayments" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "repayments" ADD COLUMN "reversed_by" text;--> statement-breakpoint
ALTER TABLE "repayments" ADD COLUMN "reversal_reason" text;--> statement-breakpoint
ALTER TABLE "repayments" ADD COLUMN "reversal_entry_id" uuid;