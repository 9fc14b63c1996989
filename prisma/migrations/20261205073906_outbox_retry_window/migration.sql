-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "firstFailedAt" TIMESTAMP(3);
