CREATE TABLE "close_of_business_days" (
	"business_date" date PRIMARY KEY NOT NULL,
	"loans_processed" integer NOT NULL,
	"completed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "interest_accrued_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "loans" ADD COLUMN "charged_off_on" date;