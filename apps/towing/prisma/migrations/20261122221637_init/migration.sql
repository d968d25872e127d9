-- CreateEnum
CREATE TYPE "tow_job_status" AS ENUM ('ASSIGNED', 'UNASSIGNED');

-- CreateTable
CREATE TABLE "tow_companies" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "service_states" TEXT[],

    CONSTRAINT "tow_companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tow_jobs" (
    "id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "company_id" TEXT,
    "status" "tow_job_status" NOT NULL,
    "pickup_street" TEXT,
    "pickup_city" TEXT NOT NULL,
    "pickup_state" TEXT NOT NULL,
    "pickup_postal_code" TEXT NOT NULL,
    "vehicle_make" TEXT NOT NULL,
    "vehicle_model" TEXT NOT NULL,
    "vehicle_year" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tow_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_messages" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_messages_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tow_jobs_claim_id_key" ON "tow_jobs"("claim_id");

-- CreateIndex
CREATE INDEX "tow_jobs_company_id_created_at_idx" ON "tow_jobs"("company_id", "created_at");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_created_at_idx" ON "outbox_messages"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "tow_jobs" ADD CONSTRAINT "tow_jobs_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "tow_companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma does not model CHECK constraints): a job is ASSIGNED exactly when it names
-- a company, so the status can never contradict the assignment.
ALTER TABLE "tow_jobs" ADD CONSTRAINT "tow_jobs_status_matches_company_check"
  CHECK (("status" = 'ASSIGNED') = ("company_id" IS NOT NULL));
