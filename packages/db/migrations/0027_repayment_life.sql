ALTER TABLE "outbound_messages" DROP CONSTRAINT "outbound_messages_status";--> statement-breakpoint
ALTER TABLE "collection_cases" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credit_lines" ADD COLUMN "credit_balance_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "repayments" ADD COLUMN "excess_use" text DEFAULT 'NEXT_INSTALLMENTS' NOT NULL;--> statement-breakpoint
ALTER TABLE "repayments" ADD COLUMN "source" text DEFAULT 'PAYMENT' NOT NULL;--> statement-breakpoint
ALTER TABLE "repayments" ADD COLUMN "principal_prepaid_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "repayments" ADD COLUMN "interest_released_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_status" CHECK ("outbound_messages"."status" in ('PLANNED', 'SENDING', 'SENT', 'REFUSED', 'FAILED', 'WITHDRAWN'));--> statement-breakpoint
ALTER TABLE "credit_lines" ADD CONSTRAINT "credit_lines_credit_balance_non_negative" CHECK ("credit_lines"."credit_balance_minor" >= 0);--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_excess_use" CHECK ("repayments"."excess_use" in ('NEXT_INSTALLMENTS', 'REDUCE_TERM', 'REDUCE_INSTALLMENT'));--> statement-breakpoint
ALTER TABLE "repayments" ADD CONSTRAINT "repayments_source" CHECK ("repayments"."source" in ('PAYMENT', 'CREDIT_BALANCE'));--> statement-breakpoint
-- Before this migration every repayment beyond what was due prepaid principal and shortened the
-- term: that is what a reversal must replay them as.
UPDATE "repayments" SET "excess_use" = 'REDUCE_TERM';--> statement-breakpoint
-- The credit balance each line already holds: its loans' BORROWER_CREDIT postings.
UPDATE "credit_lines" cl SET "credit_balance_minor" = s.balance
FROM (
  SELECT l.credit_line_id, sum(p.credit_minor - p.debit_minor) AS balance
  FROM "postings" p JOIN "loans" l ON l.id = p.loan_id
  WHERE p.account = 'BORROWER_CREDIT'
  GROUP BY l.credit_line_id
) s
WHERE s.credit_line_id = cl.id AND s.balance > 0;
