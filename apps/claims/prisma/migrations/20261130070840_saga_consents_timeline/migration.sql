-- AlterTable
ALTER TABLE "claims" ADD COLUMN     "adjuster_id" TEXT,
ADD COLUMN     "contact_phone" TEXT,
ADD COLUMN     "denial_reason" TEXT,
ADD COLUMN     "estimate_line_items" JSONB,
ADD COLUMN     "estimate_order_id" UUID,
ADD COLUMN     "estimate_total_cents" INTEGER,
ADD COLUMN     "payout_cents" INTEGER,
ADD COLUMN     "shop_id" TEXT,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "adjusters" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "adjusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim_consents" (
    "claim_id" UUID NOT NULL,
    "shop_id" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "claim_consents_pkey" PRIMARY KEY ("claim_id","shop_id")
);

-- CreateTable
CREATE TABLE "timeline_entries" (
    "event_id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "summary" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "timeline_entries_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "timeline_entries_claim_id_occurred_at_idx" ON "timeline_entries"("claim_id", "occurred_at");

-- CreateIndex
CREATE INDEX "claims_adjuster_id_updated_at_idx" ON "claims"("adjuster_id", "updated_at" DESC);

-- AddForeignKey
ALTER TABLE "claim_consents" ADD CONSTRAINT "claim_consents_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reference data: the adjusters who take estimates (the demo persona carol, E-2001).
INSERT INTO "adjusters" ("id", "name") VALUES ('E-2001', 'Carol Adjuster');
