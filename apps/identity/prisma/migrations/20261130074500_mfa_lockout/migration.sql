-- TOTP MFA: the sealed secret and the last step used (replay protection).
ALTER TABLE "users" ADD COLUMN "totp_secret" TEXT,
ADD COLUMN "totp_last_step" INTEGER;

-- Lockout counters (per account, per source, per account and source, MFA per user).
CREATE TABLE "login_throttles" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "last_failure_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "login_throttles_last_failure_at_idx" ON "login_throttles"("last_failure_at");
