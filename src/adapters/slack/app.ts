import { App, ExpressReceiver, HTTPModuleFunctions, LogLevel, webApi } from "@slack/bolt";
import type { Application } from "express";
import type { InboundEvent } from "../../core/conversation/events";
import { IntakeBusy, type Intake } from "../intake";
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
import { formModal } from "./modal";
import { formOf } from "../../core/cards/action";

export interface SlackOptions {
  signingSecret: string;
  token: string;
  apiUrl: string;
  bodyLimit: number;
}

export const SLACK_COMMANDS = ["/tandem", "/whohandles", "/escalate", "/incident", "/ticket"];

/** Web API client options: the outbox owns retries and rate limits, so the client fails fast instead of sleeping. */
export function slackClientOptions(apiUrl: string, log: Logger): webApi.WebClientOptions {
  return { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000, logger: boltLogger(log), logLevel: LogLevel.ERROR };
}

/**
 * Bolt on Tandem's express app at POST /slack/events: signature and 5-minute replay checks, then store the event
 * in the inbox and answer. A 200 means the event is stored (one batched insert shared by the requests arriving
 * together): a replica killed after answering loses nothing, and any replica handles it next.
 */
export function mountSlack(express: Application, opts: SlackOptions, client: webApi.WebClient, intake: Intake, log: Logger): App {
  const receiver = new ExpressReceiver({
    signingSecret: opts.signingSecret,
    endpoints: "/slack/events",
    app: express,
    processBeforeResponse: true,
    bodyLimit: opts.bodyLimit,
    logLevel: LogLevel.ERROR,
    logger: boltLogger(log),
    // An event not stored in time, or Slack's auth.test unreachable: a quiet 503 so Slack redelivers it.
    processEventErrorHandler: async (args) => {
      const identityUnknown = (args.error as { code?: string }).code === "slack_bolt_authorization_error";
      if ((busy(args.error) || identityUnknown) && !args.response.headersSent) {
        args.response.writeHead(503);
        args.response.end();
        return false;
      }
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    },
    // Runs first on /slack/events: quick 400 for signed bodies Bolt cannot route.
    router: slackGate(opts.signingSecret, opts.bodyLimit),
  });
  const app = new App({
    authorize: botIdentity(client, opts.token, log),
    receiver,
    clientOptions: slackClientOptions(opts.apiUrl, log),
    logLevel: LogLevel.ERROR,
    logger: boltLogger(log),
  });

  // An event that could not be stored is answered 503 or 500, and Slack redelivers it.
  const run = async (event: InboundEvent | null) => {
    if (!event) return;
    try {
      await intake(event);
    } catch (err) {
      if (busy(err)) log.warn({ eventId: event.eventId }, "slack event not stored in time; asking for a retry");
      else log.error({ err, eventId: event.eventId }, "slack event could not be stored");
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
  app.action(/.*/, async ({ ack, body, client }) => {
    await ack();
    if (body.type !== "block_actions") return;
    const event = blockActionToEvent(body as unknown as BlockActionBody);
    const form = event?.kind === "action" ? formOf(event.action) : null;
    if (event?.kind === "action" && form) {
      // A button that asks for input first: its form opens as a modal; the submit comes back as a view.
      const meta = { ...event.value, channel: event.channel.id, ...(event.threadId ? { thread: event.threadId } : {}) };
      await client.views.open({ trigger_id: String((body as { trigger_id?: string }).trigger_id), view: formModal(event.action, form, meta) as never });
      return;
    }
    await run(event);
  });
  app.shortcut("create_ticket", async ({ ack, body, client }) => {
    await ack();
    const b = body as unknown as MessageShortcutBody;
    if (!isMessageShortcut(b)) return;
    // The link is a nicety: at most a second of the 3 s Slack gives us, then the ticket goes without it.
    const link = await Promise.race([
      client.chat
        .getPermalink({ channel: b.channel.id, message_ts: b.message.ts })
        .then((r) => r.permalink as string | undefined)
        .catch(() => undefined),
      new Promise<undefined>((resolve) => void setTimeout(resolve, 1_000)),
    ]);
    await run(shortcutToEvent(b, link));
  });
  app.view(/.*/, async ({ ack, body }) => {
    await ack();
    await run(viewSubmissionToEvent(body as unknown as ViewSubmissionBody));
  });
  app.error(async (err) => {
    if (busy(err)) throw err;
    log.error({ err: { message: err.message, code: (err as { code?: string }).code } }, "slack listener error");
    throw err;
  });
  return app;
}

/**
 * Bolt's own single-token set-up calls auth.test once at start-up and crashes the process if Slack cannot be
 * reached then. This asks when first needed, keeps the answer, and asks again after a failure.
 *
 * Only events need the bot's own ids (Bolt drops the bot's own messages by them); an event that cannot wait is
 * answered 503 and Slack redelivers it. Slash commands, buttons, shortcuts and dialogs are never redelivered,
 * and Bolt answers 404 for any of them not acknowledged within 3 s: they go ahead with the bot token alone,
 * and take the ids if they are already known.
 */
function botIdentity(client: webApi.WebClient, token: string, log: Logger) {
  let identity: Promise<{ botUserId?: string; botId?: string }> | undefined;
  const ask = () => {
    if (!identity) {
      identity = client.auth.test().then((r) => ({ botUserId: r.user_id, botId: r.bot_id }));
      identity.catch((err: Error) => {
        identity = undefined;
        log.warn({ err: { message: err.message } }, "slack auth.test failed; will ask again on the next request");
      });
    }
    return identity;
  };
  let known: { botUserId?: string; botId?: string } = {};
  const remember = () => {
    const asked = ask();
    asked.then((ids) => (known = ids)).catch(() => undefined);
    return asked;
  };
  void remember(); // early, so the first event does not wait for it
  return async (_source: unknown, body?: object) => {
    if ((body as { type?: string } | undefined)?.type !== "event_callback") {
      void remember();
      return { botToken: token, ...known };
    }
    return { botToken: token, ...(await remember()) };
  };
}

/** Bolt wraps listener errors (UnknownError.original). */
function busy(err: unknown): boolean {
  return err instanceof IntakeBusy || (err as { original?: unknown } | null)?.original instanceof IntakeBusy;
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
