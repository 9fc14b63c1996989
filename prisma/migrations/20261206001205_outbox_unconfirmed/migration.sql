-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "unconfirmedAt" TIMESTAMP(3);
