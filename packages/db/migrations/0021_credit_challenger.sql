ALTER TABLE "credit_applications" ADD COLUMN "challenger_model_version" text;--> statement-breakpoint
ALTER TABLE "credit_applications" ADD COLUMN "challenger_probability_of_default" numeric(10, 8);--> statement-breakpoint
ALTER TABLE "credit_line_reviews" ADD COLUMN "challenger_model_version" text;--> statement-breakpoint
ALTER TABLE "credit_line_reviews" ADD COLUMN "challenger_probability_of_default" numeric(10, 8);