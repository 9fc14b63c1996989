import { randomUUID } from "node:crypto";

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}
export const TEAMS_ALICE: TeamsUser = { id: "29:alice", aadObjectId: "aad-alice", name: "Alice Internal" };
export const TENANT = "tenant-1";
export const BOT = { id: "28:tandem-bot", name: "Tandem" };

interface Where {
  serviceUrl: string;
  conversationId?: string;
  personal?: boolean;
  /** A group chat ("19:...@thread.v2"): no threads, the bot is @mentioned as in a channel. */
  group?: boolean;
  from?: TeamsUser;
}

function base(w: Where) {
  const personal = w.personal ?? false;
  return {
    id: randomUUID(),
    channelId: "msteams",
    serviceUrl: w.serviceUrl,
    timestamp: new Date().toISOString(),
    from: w.from ?? TEAMS_ALICE,
    recipient: BOT,
    conversation: personal
      ? { id: w.conversationId ?? "a:personal-alice", conversationType: "personal", tenantId: TENANT }
      : w.group
        ? { id: w.conversationId ?? "19:group-chat@thread.v2", conversationType: "groupChat", isGroup: true, tenantId: TENANT }
        : { id: w.conversationId ?? "19:shared@thread.tacv2", conversationType: "channel", isGroup: true, tenantId: TENANT },
    channelData: {
      tenant: { id: TENANT },
      ...(personal || w.group ? {} : { channel: { id: w.conversationId ?? "19:shared@thread.tacv2" }, team: { id: "19:team@thread.tacv2" } }),
    },
  };
}

/** A channel message that @mentions Tandem (or a 1:1 message with personal: true). */
export function teamsMessage(text: string, w: Where) {
  const a = base(w);
  const personal = w.personal ?? false;
  return {
    ...a,
    type: "message",
    text: personal ? text : `<at>Tandem</at> ${text}`,
    textFormat: "plain",
    entities: personal ? [] : [{ type: "mention", text: "<at>Tandem</at>", mentioned: BOT }],
  };
}

/** An Adaptive Card Action.Execute click. */
export function teamsExecute(verb: string, data: Record<string, unknown>, w: Where & { replyToId?: string }) {
  return {
    ...base(w),
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId: w.replyToId ?? "act-1",
    value: { action: { type: "Action.Execute", verb, data } },
  };
}

/** The "Create ticket" message action on a message. */
export function teamsMessageAction(message: { id: string; text: string; author?: string }, w: Where) {
  return {
    ...base(w),
    type: "invoke",
    name: "composeExtension/submitAction",
    value: {
      commandId: "createTicket",
      commandContext: "message",
      messagePayload: {
        id: message.id,
        body: { contentType: "html", content: `<p>${message.text}</p>` },
        from: { user: { displayName: message.author ?? "Bob Staff" } },
        linkToMessage: `https://teams.microsoft.com/l/message/19:shared@thread.tacv2/${message.id}`,
      },
    },
  };
}

export function teamsBotAdded(w: Where) {
  return { ...base(w), type: "conversationUpdate", membersAdded: [BOT] };
}
