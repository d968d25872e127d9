-- AlterTable
ALTER TABLE "claims" ADD COLUMN     "rental_days" INTEGER;

-- CreateTable
CREATE TABLE "claim_photos" (
    "id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "http_status" INTEGER NOT NULL,
    "content_type" TEXT,
    "size_bytes" INTEGER NOT NULL,
    "added_by" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "claim_photos_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "claim_photos_claim_id_added_at_idx" ON "claim_photos"("claim_id", "added_at");

-- CreateIndex
CREATE INDEX "claims_member_id_vehicle_vin_loss_date_idx" ON "claims"("member_id", "vehicle_vin", "loss_date");

-- AddForeignKey
ALTER TABLE "claim_photos" ADD CONSTRAINT "claim_photos_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE CASCADE;
