// Composition of the who-handles capability: Prisma repositories, the file fetcher and the directory, handed to
// the core feature; plus the durable timer that expires unconfirmed chat imports.
import type { CapabilityFactory } from "../features";
import { JobPendingImports, PrismaQuestionLog } from "../adapters/db/question-repo";
import { PrismaPeople } from "../adapters/db/people-repo";
import { HttpFileFetcher } from "../adapters/files/file-fetcher";
import { ChatCompletionsRouter } from "../adapters/llm/chat-completions";
import { whoHandlesFeature } from "../core/whohandles/feature";
import { IMPORT_EXPIRE_JOB, expireImport } from "../core/whohandles/importing";

export const whoHandlesCapability: CapabilityFactory = (deps) => ({
  features: [
    whoHandlesFeature({
      matrices: deps.matrices,
      questions: new PrismaQuestionLog(deps.prisma),
      directory: deps.directory,
      tenancy: deps.tenancy,
      audit: deps.audit,
      pending: new JobPendingImports(deps.prisma),
      files: new HttpFileFetcher({ slackToken: deps.config.SLACK_BOT_TOKEN, allowOrigins: deps.fetchOrigins }),
      people: new PrismaPeople(deps.prisma),
      model: deps.config.ROUTING_LLM_ENABLED
        ? new ChatCompletionsRouter(
            { endpoint: deps.config.ROUTING_LLM_ENDPOINT!, apiKey: deps.config.ROUTING_LLM_API_KEY, model: deps.config.ROUTING_LLM_MODEL!, timeoutMs: deps.config.ROUTING_LLM_TIMEOUT_MS },
            deps.log,
          )
        : undefined,
    }),
  ],
  jobs: { [IMPORT_EXPIRE_JOB]: (payload) => expireImport(payload) },
});
