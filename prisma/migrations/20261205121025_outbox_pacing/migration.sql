-- CreateIndex
CREATE INDEX "OutboxMessage_conversation_sentAt_idx" ON "OutboxMessage"("conversation", "sentAt");
