CREATE TABLE "collection_case_buckets" (
	"case_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"bucket" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	CONSTRAINT "collection_case_buckets_case_id_from_date_pk" PRIMARY KEY("case_id","from_date")
);
--> statement-breakpoint
CREATE TABLE "collection_case_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text,
	"at" timestamp with time zone NOT NULL,
	"business_date" date NOT NULL,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "collection_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"bucket" text NOT NULL,
	"bucket_rank" smallint NOT NULL,
	"days_past_due" integer NOT NULL,
	"amount_overdue_minor" bigint NOT NULL,
	"assigned_to" text,
	"broken_promises" integer DEFAULT 0 NOT NULL,
	"last_contact_at" timestamp with time zone,
	"opened_on" date NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_on" date,
	"resolution" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "collection_cases_status" CHECK ("collection_cases"."status" in ('OPEN', 'PROMISED', 'HARDSHIP', 'LEGAL', 'RESOLVED')),
	CONSTRAINT "collection_cases_bucket" CHECK ("collection_cases"."bucket" in ('CURRENT', 'DPD_1_30', 'DPD_31_60', 'DPD_61_90', 'DPD_90_PLUS')),
	CONSTRAINT "collection_cases_resolution" CHECK (("collection_cases"."status" = 'RESOLVED') = ("collection_cases"."resolution" is not null and "collection_cases"."resolved_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "contact_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"reference_contact_id" uuid,
	"outcome" text NOT NULL,
	"refused_by" text,
	"jurisdiction" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_attempts_refusal" CHECK (("contact_attempts"."outcome" = 'REFUSED') = ("contact_attempts"."refused_by" is not null)),
	CONSTRAINT "contact_attempts_reference" CHECK (("contact_attempts"."target" = 'REFERENCE_CONTACT') = ("contact_attempts"."reference_contact_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "contact_preferences" (
	"borrower_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"opted_out" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_by_role" text NOT NULL,
	"reason" text,
	CONSTRAINT "contact_preferences_borrower_id_channel_pk" PRIMARY KEY("borrower_id","channel")
);
--> statement-breakpoint
CREATE TABLE "dev_message_deliveries" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"body" text NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"status" text NOT NULL,
	"capitalise_interest" boolean NOT NULL,
	"waive_penalties" boolean NOT NULL,
	"extend_term_months" integer NOT NULL,
	"reduced_annual_rate" numeric(12, 8),
	"offered_by" text NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"expires_on" date NOT NULL,
	"accepted_at" timestamp with time zone,
	"capitalised_minor" bigint,
	"waived_minor" bigint,
	"ended_on" date,
	CONSTRAINT "hardship_plans_status" CHECK ("hardship_plans"."status" in ('OFFERED', 'ACTIVE', 'BROKEN', 'COMPLETED', 'EXPIRED'))
);
--> statement-breakpoint
CREATE TABLE "outbound_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"case_id" uuid,
	"loan_id" uuid,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"template" text NOT NULL,
	"template_version" integer NOT NULL,
	"language" text NOT NULL,
	"jurisdiction" text NOT NULL,
	"body" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"attempted_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"refused_by" text,
	"error" text,
	CONSTRAINT "outbound_messages_status" CHECK ("outbound_messages"."status" in ('PLANNED', 'SENDING', 'SENT', 'REFUSED', 'FAILED'))
);
--> statement-breakpoint
CREATE TABLE "promises_to_pay" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"loan_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"resolved_on" date,
	CONSTRAINT "promises_to_pay_status" CHECK ("promises_to_pay"."status" in ('PENDING', 'KEPT', 'BROKEN')),
	CONSTRAINT "promises_to_pay_amount" CHECK ("promises_to_pay"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "borrowers" ADD COLUMN "jurisdiction" text DEFAULT 'CN' NOT NULL;--> statement-breakpoint
CREATE INDEX "collection_case_events_case_idx" ON "collection_case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_cases_one_open_per_loan" ON "collection_cases" USING btree ("loan_id") WHERE "collection_cases"."status" <> 'RESOLVED';--> statement-breakpoint
CREATE INDEX "collection_cases_borrower_idx" ON "collection_cases" USING btree ("borrower_id");--> statement-breakpoint
CREATE INDEX "collection_cases_queue_idx" ON "collection_cases" USING btree ("bucket_rank" DESC NULLS LAST,"amount_overdue_minor" DESC NULLS LAST,"broken_promises" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "collection_cases"."status" <> 'RESOLVED';--> statement-breakpoint
CREATE INDEX "collection_cases_assignee_idx" ON "collection_cases" USING btree ("assigned_to") WHERE "collection_cases"."status" <> 'RESOLVED';--> statement-breakpoint
CREATE INDEX "contact_attempts_borrower_idx" ON "contact_attempts" USING btree ("borrower_id","at");--> statement-breakpoint
CREATE INDEX "contact_attempts_case_idx" ON "contact_attempts" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "contact_attempts_review_idx" ON "contact_attempts" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "hardship_plans_case_idx" ON "hardship_plans" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_plans_one_live_per_case" ON "hardship_plans" USING btree ("case_id") WHERE "hardship_plans"."status" in ('OFFERED', 'ACTIVE');--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_dedupe" ON "outbound_messages" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbound_messages_due_idx" ON "outbound_messages" USING btree ("not_before") WHERE "outbound_messages"."status" = 'PLANNED';--> statement-breakpoint
CREATE INDEX "outbound_messages_borrower_idx" ON "outbound_messages" USING btree ("borrower_id","created_at");--> statement-breakpoint
CREATE INDEX "promises_to_pay_case_idx" ON "promises_to_pay" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "promises_to_pay_one_pending_per_case" ON "promises_to_pay" USING btree ("case_id") WHERE "promises_to_pay"."status" = 'PENDING';--> statement-breakpoint
ALTER TABLE "borrowers" ADD CONSTRAINT "borrowers_jurisdiction" CHECK ("borrowers"."jurisdiction" in ('CN', 'US'));--> statement-breakpoint
-- What was done to a case, and every contact attempt, are records for compliance review: append-only.
CREATE FUNCTION collections_record_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER collection_case_events_append_only
  BEFORE UPDATE OR DELETE ON collection_case_events
  FOR EACH ROW EXECUTE FUNCTION collections_record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER collection_case_events_no_truncate
  BEFORE TRUNCATE ON collection_case_events
  FOR EACH STATEMENT EXECUTE FUNCTION collections_record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER contact_attempts_append_only
  BEFORE UPDATE OR DELETE ON contact_attempts
  FOR EACH ROW EXECUTE FUNCTION collections_record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER contact_attempts_no_truncate
  BEFORE TRUNCATE ON contact_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION collections_record_refuse_change();
