CREATE TABLE "token_issuance" (
	"jti" text PRIMARY KEY NOT NULL,
	"sub" text NOT NULL,
	"role" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"reason" text NOT NULL
);
