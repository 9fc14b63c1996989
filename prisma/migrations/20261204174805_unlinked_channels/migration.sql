-- DropForeignKey
ALTER TABLE "Channel" DROP CONSTRAINT "Channel_clientId_fkey";

-- AlterTable
ALTER TABLE "Channel" ALTER COLUMN "clientId" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE SET NULL ON UPDATE CASCADE;
