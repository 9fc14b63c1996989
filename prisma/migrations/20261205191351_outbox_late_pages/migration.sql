-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "dueAt" TIMESTAMP(3),
ADD COLUMN     "supersedeKey" TEXT;
