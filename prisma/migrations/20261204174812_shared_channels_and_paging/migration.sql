-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "removedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "subject" TEXT;

-- CreateTable
CREATE TABLE "ChatMember" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "homeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT,
    "source" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryTenant" (
    "tenantId" TEXT NOT NULL,
    "domains" TEXT[],
    "note" TEXT,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirectoryTenant_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "ChatMember_platform_userId_idx" ON "ChatMember"("platform", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatMember_platform_homeId_userId_key" ON "ChatMember"("platform", "homeId", "userId");

-- CreateIndex
CREATE INDEX "OutboxMessage_subject_idx" ON "OutboxMessage"("subject");
