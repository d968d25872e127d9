-- CreateEnum
CREATE TYPE "reservation_status" AS ENUM ('REQUESTED', 'CONFIRMED', 'CLOSED');

-- CreateTable
CREATE TABLE "rental_agencies" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "service_states" TEXT[],

    CONSTRAINT "rental_agencies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservations" (
    "id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "member_id" TEXT NOT NULL,
    "agency_id" TEXT,
    "status" "reservation_status" NOT NULL,
    "pickup_city" TEXT NOT NULL,
    "pickup_state" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "reservations_claim_id_key" ON "reservations"("claim_id");

-- CreateIndex
CREATE INDEX "reservations_agency_id_requested_at_idx" ON "reservations"("agency_id", "requested_at");

-- CreateIndex
CREATE INDEX "reservations_member_id_requested_at_idx" ON "reservations"("member_id", "requested_at");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_created_at_idx" ON "outbox_messages"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "rental_agencies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma does not model CHECK constraints): a reservation is only CONFIRMED by an
-- agency, and each status carries the timestamp of the move that reached it.
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_confirmed_has_agency_check"
  CHECK ("status" <> 'CONFIRMED' OR ("agency_id" IS NOT NULL AND "confirmed_at" IS NOT NULL));
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_closed_has_closed_at_check"
  CHECK (("status" = 'CLOSED') = ("closed_at" IS NOT NULL));
