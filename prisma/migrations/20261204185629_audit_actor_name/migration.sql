-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "actorName" TEXT;
