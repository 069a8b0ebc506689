ALTER TABLE "credit_lines" DROP CONSTRAINT "credit_lines_within_limit";--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "period_start" date;--> statement-breakpoint
ALTER TABLE "loans" ADD COLUMN "scheduled_principal_minor" bigint;--> statement-breakpoint
ALTER TABLE "loans" ADD COLUMN "scheduled_term_months" integer;--> statement-breakpoint
ALTER TABLE "loans" ADD COLUMN "restructured_on" date;--> statement-breakpoint
ALTER TABLE "credit_lines" ADD CONSTRAINT "credit_lines_drawn_non_negative" CHECK ("credit_lines"."drawn_minor" >= 0);