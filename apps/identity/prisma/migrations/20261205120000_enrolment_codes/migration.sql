-- Out-of-band TOTP enrolment codes (hashed, single use, short-lived) for accounts that must use MFA.
CREATE TABLE "enrolment_codes" (
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enrolment_codes_pkey" PRIMARY KEY ("user_id")
);

ALTER TABLE "enrolment_codes" ADD CONSTRAINT "enrolment_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
