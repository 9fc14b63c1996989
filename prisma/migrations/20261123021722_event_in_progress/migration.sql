-- AlterTable
ALTER TABLE "ProcessedEvent" ADD COLUMN     "done" BOOLEAN NOT NULL DEFAULT true;
