CREATE TABLE "credit_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"limit_minor" bigint NOT NULL,
	"drawn_minor" bigint NOT NULL,
	"annual_rate" numeric(12, 8) NOT NULL,
	"cost_cap_annual" numeric(12, 8) NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_lines_within_limit" CHECK ("credit_lines"."drawn_minor" >= 0 and "credit_lines"."drawn_minor" <= "credit_lines"."limit_minor"),
	CONSTRAINT "credit_lines_status" CHECK ("credit_lines"."status" in ('ACTIVE', 'FROZEN', 'CLOSED'))
);
--> statement-breakpoint
CREATE TABLE "installments" (
	"loan_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"due_date" date NOT NULL,
	"principal_due_minor" bigint NOT NULL,
	"interest_due_minor" bigint NOT NULL,
	"fees_due_minor" bigint DEFAULT 0 NOT NULL,
	"penalty_due_minor" bigint DEFAULT 0 NOT NULL,
	"principal_paid_minor" bigint DEFAULT 0 NOT NULL,
	"interest_paid_minor" bigint DEFAULT 0 NOT NULL,
	"fees_paid_minor" bigint DEFAULT 0 NOT NULL,
	"penalty_paid_minor" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "installments_loan_number_uq" UNIQUE("loan_id","number"),
	CONSTRAINT "installments_status" CHECK ("installments"."status" in ('PENDING', 'DUE', 'PAID', 'OVERDUE'))
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"loan_id" uuid,
	"kind" text NOT NULL,
	"business_date" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reverses_entry_id" uuid,
	"memo" text
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"credit_line_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"principal_minor" bigint NOT NULL,
	"annual_rate" numeric(12, 8) NOT NULL,
	"term_months" integer NOT NULL,
	"repayment_method" text NOT NULL,
	"disbursed_on" date NOT NULL,
	"status" text NOT NULL,
	"days_past_due" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "loans_status" CHECK ("loans"."status" in ('ACTIVE', 'DELINQUENT', 'PAID_OFF', 'CHARGED_OFF'))
);
--> statement-breakpoint
CREATE TABLE "postings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"borrower_id" uuid NOT NULL,
	"loan_id" uuid,
	"account" text NOT NULL,
	"currency" text NOT NULL,
	"debit_minor" bigint NOT NULL,
	"credit_minor" bigint NOT NULL,
	CONSTRAINT "postings_one_side" CHECK (("postings"."debit_minor" > 0 and "postings"."credit_minor" = 0) or ("postings"."credit_minor" > 0 and "postings"."debit_minor" = 0))
);
--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_credit_line_id_credit_lines_id_fk" FOREIGN KEY ("credit_line_id") REFERENCES "public"."credit_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_lines_borrower_idx" ON "credit_lines" USING btree ("borrower_id");--> statement-breakpoint
CREATE INDEX "journal_entries_loan_idx" ON "journal_entries" USING btree ("loan_id","created_at");--> statement-breakpoint
CREATE INDEX "journal_entries_borrower_idx" ON "journal_entries" USING btree ("borrower_id");--> statement-breakpoint
CREATE INDEX "loans_borrower_idx" ON "loans" USING btree ("borrower_id","id");--> statement-breakpoint
CREATE INDEX "loans_credit_line_idx" ON "loans" USING btree ("credit_line_id");--> statement-breakpoint
CREATE INDEX "postings_entry_idx" ON "postings" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "postings_loan_account_idx" ON "postings" USING btree ("loan_id","account");--> statement-breakpoint
CREATE INDEX "postings_currency_account_idx" ON "postings" USING btree ("currency","account");