import { TurnContext, type Activity } from "botbuilder";
import type { Request, Response } from "express";
import type { Outgoing } from "../../core/conversation/reply";
import { EventInProgress, handleEvent, type TurnDeps } from "../../core/conversation/turn";
import type { Logger } from "../../logger";
import type { TeamsSender } from "./sender";
import { activityToEvent, isActivity } from "./activity";
import { storable } from "../storable";
import { IntakeBusy, type Intake } from "../intake";
import type { TeamsAdapter } from "./auth";
import { isTrustedServiceUrl, type ServiceUrlPolicy } from "./service-url";
import type { Jobs } from "../../core/ports/jobs";
import { scheduleRoster } from "./roster";

const CARD = "application/vnd.microsoft.card.adaptive";

export interface TeamsEndpointDeps {
  adapter: TeamsAdapter;
  turn: TurnDeps;
  intake: Intake;
  sender: TeamsSender;
  appId?: string;
  log: Logger;
  /** Which service URLs an activity may name (a reference is only kept, and used, for those). */
  serviceUrls: ServiceUrlPolicy;
  /** For reading the roster of a channel Tandem was added to or that was shared with another team. */
  jobs?: Jobs;
  /**
   * Makes a card refresh (the invoke's answer) fit Teams' limits like a queued reply; what it cuts and cannot show
   * behind "Show full text" is queued for the card's thread. Returns the refresh to answer with.
   */
  fitRefresh?: (update: Extract<Outgoing, { op: "update" }>, conversation: string) => Promise<Outgoing>;
}

/**
 * POST /api/messages: authenticates (Bot Connector token, unless TEAMS_AUTH=off) and translates. Messages and
 * other activities are stored in the inbox and answered 200 at once (handled after, by any replica); invokes are
 * handled inside the request, because their answer (a refreshed card, a task module) is the HTTP response.
 */
export function teamsEndpoint(deps: TeamsEndpointDeps) {
  deps.adapter.onTurnError = async (ctx, err) => {
    // A copy of an invoke another replica is still handling, or an activity not stored in time: answer 500 so
    // the channel retries it later rather than dropping it.
    if (notTakenNow(err)) {
      deps.log.info({ activity: ctx.activity?.id, reason: err.name }, "teams activity not taken now; asking for a retry");
      throw err;
    }
    deps.log.error({ err, activity: ctx.activity?.id }, "teams turn failed");
    // An activity that could not be stored: 500, so the channel delivers it again.
    if (ctx.activity?.type !== "invoke") throw err;
    await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body: invokeMessage("Sorry, that failed. Please try again.") } });
  };

  const logic = async (ctx: TurnContext) => {
    const activity = ctx.activity as Activity;
    const found = activityToEvent(activity, deps.appId || activity.recipient?.id);
    const event = found && storable(found);
    if (!event) {
      // An invoke Tandem does not handle: say so (the SDK would answer 501).
      if (activity.type === "invoke") await ctx.sendActivity({ type: "invokeResponse", value: { status: 400, body: { error: "Tandem does not handle this invoke" } } });
      return;
    }
    // Kept for proactive sends. Without the activity id (it changes with every message) and, outside 1:1 chats,
    // without the sender, so a busy channel's stored reference does not change (and is not rewritten) every turn.
    const { activityId: _activityId, ...conversationRef } = TurnContext.getConversationReference(activity);
    const reference = storable(event.channel.isDirect ? conversationRef : { ...conversationRef, user: undefined });
    const isInvoke = activity.type === "invoke";
    // Only a card button's invoke needs its answer in the response; the rest is handled after the 200.
    if (!isInvoke || event.kind !== "action") {
      await deps.intake(event, reference);
      if (deps.jobs && !event.channel.isDirect && (event.kind === "installed" || (event.kind === "sharing" && event.change === "shared"))) {
        await scheduleRoster(deps.jobs, event.channel, event.eventId, new Date());
      }
      if (isInvoke) await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body: {} } });
      return;
    }
    // The clicked card's refresh, and what is said only to the person who clicked (a refusal, an error), are the
    // invoke's answer: Teams shows them to that person alone. The rest is queued.
    const forClicker = (o: Outgoing): o is Extract<Outgoing, { op: "ephemeral" }> =>
      o.op === "ephemeral" && o.to.userId === event.actor.userId && o.to.teamId === event.actor.teamId;
    const refresh = (o: Outgoing) => o.op === "update" && !!event.messageKey && o.key === event.messageKey;
    // A card refresh is the answer when there is one (anything said privately besides is queued).
    const pick = (out: Outgoing[]) => (out.some(refresh) ? out.filter(refresh) : out.filter(forClicker));
    const result = await handleEvent(deps.turn, event, { reference, inline: pick });
    const refreshed = result.inline.find(refresh);
    const update = refreshed?.op === "update" && deps.fitRefresh ? await deps.fitRefresh(refreshed, `teams:${event.channel.id}`) : refreshed;
    const told = update ? [] : result.inline.filter(forClicker).map((o) => o.reply.text);
    const body =
      update && update.op === "update" && update.reply.card
        ? { statusCode: 200, type: CARD, value: deps.sender.toActivity(update.reply).attachments?.[0]?.content }
        : invokeMessage(told.length ? told.join("\n") : result.duplicate ? "Already done." : "Done.");
    await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body } });
  };

  return async (req: Request, res: Response) => {
    if (!isActivity(req.body)) {
      res.status(400).json({ error: "not a Bot Framework activity (type, serviceUrl, conversation.id and from.id are required)" });
      return;
    }
    const activity = withDates(req.body);
    const header = req.header("authorization") ?? "";
    let auth: Awaited<ReturnType<TeamsAdapter["authenticate"]>>;
    try {
      auth = await deps.adapter.authenticate(activity, header);
    } catch (err) {
      // Whatever failed (no token, wrong key, bad signature, not yet valid, expired...): 401, and nothing about why.
      deps.log.info({ reason: (err as Error).name }, "teams request refused: not authenticated");
      res.status(401).json({ error: "unauthorized" });
      return;
    }
    // Replies and later proactive sends go to this address with the bot's token: only Microsoft's own.
    if (!isTrustedServiceUrl(activity.serviceUrl, deps.serviceUrls)) {
      deps.log.warn({ serviceUrl: String(activity.serviceUrl).slice(0, 200) }, "teams request refused: serviceUrl is not a trusted Bot Connector address");
      res.status(403).json({ error: "serviceUrl is not a Bot Connector address this Tandem trusts" });
      return;
    }
    try {
      const answer = await deps.adapter.run(auth, activity, logic);
      res.status(answer?.status ?? 200);
      if (answer?.body !== undefined) res.json(answer.body);
      else res.end();
    } catch (err) {
      // onTurnError logged it; the platform retries a 500. Not taken now (a copy of an activity another request
      // still handles, or one not stored in time) says so, apart from a failure.
      if (!res.headersSent) res.status(500).json({ error: notTakenNow(err) ? RETRY_LATER : "internal error" });
    }
  };
}

/** The answer to an activity not taken now, which the channel delivers again (apart from "internal error"). */
export const RETRY_LATER = "not taken now: deliver it again later";

const notTakenNow = (err: unknown) => err instanceof EventInProgress || err instanceof IntakeBusy;

/** The SDK's own preparation of a parsed activity: timestamps as dates, the raw strings kept. */
function withDates(body: Activity): Activity {
  const a = body as Activity & Record<string, unknown>;
  for (const k of ["timestamp", "expiration", "localTimestamp"] as const) {
    const v = a[k];
    if (typeof v === "string") {
      a[`raw${k[0].toUpperCase()}${k.slice(1)}`] = v;
      (a as Record<string, unknown>)[k] = new Date(v);
    }
  }
  return body;
}

function invokeMessage(text: string) {
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text };
}
