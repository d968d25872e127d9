-- Rental days the claim covers, as claims answered when the agency confirmed (token exchange).
ALTER TABLE "reservations" ADD COLUMN "covered_days" INTEGER;
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_covered_days_range"
  CHECK ("covered_days" IS NULL OR ("covered_days" >= 0 AND "covered_days" <= 365));
