-- AlterTable: each timeline entry keeps the words a redacted reader may see (no amounts). Entries
-- recorded before have none: a redacted reader sees their event type instead.
ALTER TABLE "timeline_entries" ADD COLUMN     "redacted_summary" TEXT;
