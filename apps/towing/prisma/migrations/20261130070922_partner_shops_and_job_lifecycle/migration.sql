-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "tow_job_status" ADD VALUE 'DISPATCHED';
ALTER TYPE "tow_job_status" ADD VALUE 'PICKED_UP';
ALTER TYPE "tow_job_status" ADD VALUE 'DELIVERED';

-- AlterTable
ALTER TABLE "tow_jobs" ADD COLUMN     "shop_id" TEXT;

-- CreateTable
CREATE TABLE "repair_shops" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "repair_shops_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "tow_jobs" ADD CONSTRAINT "tow_jobs_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "repair_shops"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below (Prisma models neither seed rows nor CHECK constraints).

-- Reference data: the partner collision shops a tow operator may deliver to (docs/saga.md
-- "Reference data"). The ids are the party ids shops act for (DEMO_PERSONAS: frank S-01, grace S-02).
INSERT INTO "repair_shops" ("id", "name") VALUES
  ('S-01', 'Lone Star Collision'),
  ('S-02', 'Alamo Auto Body');

-- The init migration's rule "ASSIGNED exactly when a company is set" no longer holds once a job
-- moves on: every state but UNASSIGNED belongs to a company. Statuses are compared as text because
-- PostgreSQL refuses to use an enum value added in the same transaction.
ALTER TABLE "tow_jobs" DROP CONSTRAINT "tow_jobs_status_matches_company_check";
ALTER TABLE "tow_jobs" ADD CONSTRAINT "tow_jobs_status_matches_company_check"
  CHECK (("status"::text = 'UNASSIGNED') = ("company_id" IS NULL));

-- A delivered job names the shop that has the car, and only a delivered job names one.
ALTER TABLE "tow_jobs" ADD CONSTRAINT "tow_jobs_shop_only_when_delivered_check"
  CHECK (("status"::text = 'DELIVERED') = ("shop_id" IS NOT NULL));
