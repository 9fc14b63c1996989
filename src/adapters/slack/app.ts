import { App, ExpressReceiver, HTTPModuleFunctions, LogLevel } from "@slack/bolt";
import type { Application } from "express";
import type { InboundEvent } from "../../core/conversation/events";
import { EventInProgress, handleEvent, type TurnDeps } from "../../core/conversation/turn";
import type { Logger } from "../../logger";
import {
  blockActionToEvent,
  commandToEvent,
  messageToEvent,
  isMessageShortcut,
  shortcutToEvent,
  viewSubmissionToEvent,
  type BlockActionBody,
  type MessageShortcutBody,
  type SlashCommand,
  type ViewSubmissionBody,
} from "./payload";
import { slackGate } from "./gate";
import { storable } from "../storable";

export interface SlackOptions {
  signingSecret: string;
  token: string;
  apiUrl: string;
  bodyLimit: number;
}

export const SLACK_COMMANDS = ["/tandem", "/whohandles", "/escalate", "/incident", "/ticket"];

/**
 * Bolt on Tandem's express app at POST /slack/events: signature and 5-minute replay checks, then handle and
 * answer. The answer waits for the turn (a few database writes; sending happens later from the outbox), so a 200
 * means the event and its replies are stored: a replica killed after answering loses nothing.
 */
export function mountSlack(express: Application, opts: SlackOptions, turn: TurnDeps, log: Logger): App {
  const receiver = new ExpressReceiver({
    signingSecret: opts.signingSecret,
    endpoints: "/slack/events",
    app: express,
    processBeforeResponse: true,
    bodyLimit: opts.bodyLimit,
    logLevel: LogLevel.ERROR,
    logger: boltLogger(log),
    // An event another replica is still handling: a quiet 500 so Slack redelivers it (not an error to log).
    processEventErrorHandler: async (args) => {
      if (inProgress(args.error) && !args.response.headersSent) {
        args.response.writeHead(500);
        args.response.end();
        return false;
      }
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    },
    // Runs first on /slack/events: quick 400 for signed bodies Bolt cannot route.
    router: slackGate(opts.signingSecret, opts.bodyLimit),
  });
  const app = new App({
    token: opts.token,
    receiver,
    // The outbox owns retries and rate limits: the client fails fast instead of sleeping inside a send.
    clientOptions: { slackApiUrl: opts.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    logLevel: LogLevel.ERROR,
    logger: boltLogger(log),
  });

  // A turn that could not be stored answers 500 (Slack redelivers events; the ledger forgot this one).
  const run = async (event: InboundEvent | null) => {
    if (!event) return;
    try {
      await handleEvent(turn, storable(event));
    } catch (err) {
      // In progress on another replica: the 500 makes Slack redeliver later, when it is done or its claim is stale.
      if (inProgress(err)) log.info({ eventId: event.eventId }, "slack event in progress elsewhere; asking for a retry");
      else log.error({ err, eventId: event.eventId }, "slack event failed");
      throw err;
    }
  };

  app.event("app_mention", async ({ body, event }) => {
    await run(messageToEvent(body as never, event as never, true));
  });
  app.message(async ({ body, message }) => {
    await run(messageToEvent(body as never, message as never, false));
  });
  app.command(/.*/, async ({ ack, command }) => {
    await ack();
    await run(commandToEvent(command as SlashCommand));
  });
  app.action(/.*/, async ({ ack, body }) => {
    await ack();
    if (body.type === "block_actions") await run(blockActionToEvent(body as unknown as BlockActionBody));
  });
  app.shortcut("create_ticket", async ({ ack, body, client }) => {
    await ack();
    const b = body as unknown as MessageShortcutBody;
    if (!isMessageShortcut(b)) return;
    const link = await client.chat
      .getPermalink({ channel: b.channel.id, message_ts: b.message.ts })
      .then((r) => r.permalink as string | undefined)
      .catch(() => undefined);
    await run(shortcutToEvent(b, link));
  });
  app.view(/.*/, async ({ ack, body }) => {
    await ack();
    await run(viewSubmissionToEvent(body as unknown as ViewSubmissionBody));
  });
  app.error(async (err) => {
    if (inProgress(err)) throw err;
    log.error({ err: { message: err.message, code: (err as { code?: string }).code } }, "slack listener error");
    throw err;
  });
  return app;
}

/** Bolt wraps listener errors (UnknownError.original). */
function inProgress(err: unknown): boolean {
  return err instanceof EventInProgress || (err as { original?: unknown } | null)?.original instanceof EventInProgress;
}

function boltLogger(log: Logger) {
  const child = log.child({ component: "bolt" });
  return {
    debug: (...m: unknown[]) => child.debug(m.map(String).join(" ")),
    info: (...m: unknown[]) => child.info(m.map(String).join(" ")),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(" ")),
    error: (...m: unknown[]) => child.error(m.map(String).join(" ")),
    setLevel: () => undefined,
    getLevel: () => LogLevel.ERROR,
    setName: () => undefined,
  };
}
