CREATE TABLE "borrowers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_date" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"current" date NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "business_date_single_row" CHECK ("business_date"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "borrowers_created_at_idx" ON "borrowers" USING btree ("created_at");