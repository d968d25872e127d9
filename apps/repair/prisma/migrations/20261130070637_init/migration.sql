-- CreateEnum
CREATE TYPE "repair_order_status" AS ENUM ('OPEN', 'ESTIMATE_SUBMITTED', 'APPROVED', 'DENIED', 'COMPLETED');

-- CreateTable
CREATE TABLE "repair_shops" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "repair_shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "repair_orders" (
    "id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "tow_job_id" UUID NOT NULL,
    "shop_id" TEXT NOT NULL,
    "status" "repair_order_status" NOT NULL,
    "line_items" JSONB NOT NULL DEFAULT '[]',
    "total_cents" INTEGER NOT NULL DEFAULT 0,
    "payout_cents" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "repair_orders_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "repair_orders_claim_id_key" ON "repair_orders"("claim_id");

-- CreateIndex
CREATE INDEX "repair_orders_shop_id_created_at_idx" ON "repair_orders"("shop_id", "created_at");

-- CreateIndex
CREATE INDEX "outbox_messages_published_at_created_at_idx" ON "outbox_messages"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "repair_shops"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma does not model CHECK constraints): the row can never contradict its status.
-- An estimate exists exactly when the order has left OPEN, a payout exists exactly when the claim
-- was approved, and money is never negative. (No semicolons in these comments: the schema-engine
-- stand-in of MACHINE.md splits scripts on them.)
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_line_items_array_check"
  CHECK (jsonb_typeof("line_items") = 'array');
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_estimate_matches_status_check"
  CHECK (("status" = 'OPEN') = (jsonb_array_length("line_items") = 0));
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_payout_matches_status_check"
  CHECK (("payout_cents" IS NOT NULL) = ("status" IN ('APPROVED', 'COMPLETED')));
ALTER TABLE "repair_orders" ADD CONSTRAINT "repair_orders_money_check"
  CHECK ("total_cents" >= 0 AND ("payout_cents" IS NULL OR "payout_cents" >= 0));
