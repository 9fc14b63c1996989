import { TurnContext, type Activity, type CloudAdapter } from "botbuilder";
import type { Request, Response } from "express";
import type { Outgoing } from "../../core/conversation/reply";
import { EventInProgress, handleEvent, type TurnDeps } from "../../core/conversation/turn";
import type { Logger } from "../../logger";
import type { TeamsSender } from "./sender";
import { activityToEvent, isActivity } from "./activity";
import { storable } from "../storable";

const CARD = "application/vnd.microsoft.card.adaptive";

/** POST /api/messages: verifies (via CloudAdapter), translates, handles, and answers invokes in the response. */
export function teamsEndpoint(deps: { adapter: CloudAdapter; turn: TurnDeps; sender: TeamsSender; appId?: string; log: Logger }) {
  deps.adapter.onTurnError = async (ctx, err) => {
    // A copy of an activity another replica is still handling: answer 500 so the channel retries it later,
    // rather than dropping it (the first attempt may yet fail).
    if (err instanceof EventInProgress) {
      deps.log.info({ activity: ctx.activity?.id }, "teams activity already in progress elsewhere; asking for a retry");
      throw err;
    }
    deps.log.error({ err, activity: ctx.activity?.id }, "teams turn failed");
    if (ctx.activity?.type === "invoke") {
      await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body: invokeMessage("Sorry, that failed. Please try again.") } });
    }
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
    const reference = storable(TurnContext.getConversationReference(activity));
    const isInvoke = activity.type === "invoke";
    const inline = (o: Outgoing) =>
      isInvoke && event.kind === "action" && o.op === "update" && !!event.messageKey && o.key === event.messageKey;
    const result = await handleEvent(deps.turn, event, { reference, inline: isInvoke ? inline : undefined });
    if (!isInvoke) return;
    if (event.kind === "message-action") {
      await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body: {} } });
      return;
    }
    const update = result.inline[0];
    const body =
      update && update.op === "update" && update.reply.card
        ? { statusCode: 200, type: CARD, value: deps.sender.toActivity(update.reply).attachments?.[0]?.content }
        : invokeMessage(result.duplicate ? "Already done." : "Done.");
    await ctx.sendActivity({ type: "invokeResponse", value: { status: 200, body } });
  };

  return async (req: Request, res: Response) => {
    if (!isActivity(req.body)) {
      res.status(400).json({ error: "not a Bot Framework activity (type, serviceUrl, conversation.id and from.id are required)" });
      return;
    }
    await deps.adapter.process(req, res, logic);
  };
}

function invokeMessage(text: string) {
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text };
}
