-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('FILED', 'TOW_DISPATCHED', 'VEHICLE_AT_SHOP', 'ESTIMATE_SUBMITTED', 'APPROVED', 'DENIED', 'REPAIR_COMPLETED', 'SETTLED');

-- CreateTable
CREATE TABLE "claims" (
    "id" UUID NOT NULL,
    "member_id" TEXT NOT NULL,
    "status" "ClaimStatus" NOT NULL,
    "vehicle_vin" TEXT NOT NULL,
    "vehicle_make" TEXT NOT NULL,
    "vehicle_model" TEXT NOT NULL,
    "vehicle_year" INTEGER NOT NULL,
    "loss_date" DATE NOT NULL,
    "location_street" TEXT,
    "location_city" TEXT NOT NULL,
    "location_state" TEXT NOT NULL,
    "location_postal_code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "needs_tow" BOOLEAN NOT NULL,
    "needs_rental" BOOLEAN NOT NULL,
    "filed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_messages" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_messages_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "claims_member_id_filed_at_idx" ON "claims"("member_id", "filed_at" DESC);

-- CreateIndex
CREATE INDEX "outbox_messages_unpublished_idx" ON "outbox_messages"("created_at") WHERE (published_at IS NULL);
