CREATE TABLE "address_book_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"ciphertext" text NOT NULL,
	"phone_digest" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "address_book_entries_borrower_phone_uq" UNIQUE("borrower_id","phone_digest")
);
--> statement-breakpoint
CREATE TABLE "consent_grants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"purpose" text NOT NULL,
	"grantee_role" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text,
	"document_version" text NOT NULL,
	"document_sha256" text NOT NULL,
	"channel" text NOT NULL,
	CONSTRAINT "consent_grants_sha256_hex" CHECK ("consent_grants"."document_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "contact_access_chain_heads" (
	"borrower_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_access_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"purpose" text NOT NULL,
	"scope" text NOT NULL,
	"grant_id" uuid,
	"fields" text[] NOT NULL,
	"path" text NOT NULL,
	"operation_name" text,
	"request_id" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "contact_access_log_chain_uq" UNIQUE("borrower_id","seq")
);
--> statement-breakpoint
CREATE TABLE "contact_points" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"ciphertext" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"borrower_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"ciphertext" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"operation" text NOT NULL,
	"actor_id" text NOT NULL,
	"key" text NOT NULL,
	"request_digest" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_operation_actor_id_key_pk" PRIMARY KEY("operation","actor_id","key")
);
--> statement-breakpoint
CREATE INDEX "address_book_entries_borrower_idx" ON "address_book_entries" USING btree ("borrower_id","id");--> statement-breakpoint
CREATE INDEX "consent_grants_lookup_idx" ON "consent_grants" USING btree ("borrower_id","scope","purpose","grantee_role");--> statement-breakpoint
CREATE INDEX "contact_points_borrower_idx" ON "contact_points" USING btree ("borrower_id","id");--> statement-breakpoint
CREATE INDEX "reference_contacts_borrower_idx" ON "reference_contacts" USING btree ("borrower_id","id");