-- AlterTable: the timeline orders same-millisecond events by their place in the log, so a rebuild
-- from the topics gives the same order as the live projection did.
ALTER TABLE "timeline_entries" ADD COLUMN     "log_offset" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "log_partition" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "log_topic" TEXT NOT NULL DEFAULT '';
