-- DropTable
DROP TABLE "ProcessedEvent";

-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "conversation" TEXT NOT NULL,
    "payload" JSONB,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboxEvent_status_availableAt_idx" ON "InboxEvent"("status", "availableAt");

-- CreateIndex
CREATE INDEX "InboxEvent_conversation_id_idx" ON "InboxEvent"("conversation", "id");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_platform_eventId_key" ON "InboxEvent"("platform", "eventId");

-- Written by hand (the Prisma schema cannot express partial indexes): the claim queries ask "is there an older
-- unfinished message/event in this conversation?"; these indexes hold only unfinished rows, so the answer does
-- not slow down as handled rows accumulate.
CREATE INDEX "InboxEvent_unfinished_idx" ON "InboxEvent"("conversation", "id") WHERE status IN ('pending', 'handling');
CREATE INDEX "OutboxMessage_unfinished_idx" ON "OutboxMessage"("conversation", "id") WHERE status IN ('pending', 'sending');
