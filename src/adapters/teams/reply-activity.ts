import type { Reply } from "../../core/conversation/reply";
import type { CardRenderer } from "../cards/render";

export interface TeamsMention {
  type: "mention";
  text: string;
  mentioned: { id: string; name: string };
}

export interface TeamsReplyActivity {
  type: "message";
  text?: string;
  summary?: string;
  inputHint: "acceptingInput";
  attachments?: { contentType: string; content: unknown }[];
  entities?: TeamsMention[];
}

/** Id of the hidden container "Show full text" opens. */
export const FULL_TEXT_ID = "tandem-full-text";

/** A reply as the Bot Connector takes it: a text message, or an Adaptive Card with the plain text as summary. */
export function teamsReplyActivity(cards: CardRenderer, reply: Reply): TeamsReplyActivity {
  // A display name is set by the person's own organisation (the other tenant, in a shared channel): escaped like user
  // text, so it cannot close the <at> tag and go on as markdown (a link) in Tandem's message.
  const mentions: TeamsMention[] = (reply.mentions ?? []).map((m) => ({ type: "mention", text: `<at>${cards.escapeText("teams", m.name ?? "someone")}</at>`, mentioned: { id: m.userId, name: m.name ?? "" } }));
  const mentionText = mentions.map((m) => m.text).join(" ");
  const text = cards.escapeText("teams", reply.text);
  const activity: TeamsReplyActivity = reply.card
    ? { type: "message", inputHint: "acceptingInput", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: withFullText(cards, cards.render("teams", reply.card), reply.fitted) }] }
    : { type: "message", inputHint: "acceptingInput", text };
  if (reply.card) activity.summary = reply.text.slice(0, 200);
  if (mentions.length) {
    activity.text = reply.card ? mentionText : `${mentionText} ${text}`;
    activity.entities = mentions;
  }
  return activity;
}

/** A shortened card says so; what was cut sits in a hidden container that "Show full text" opens in place. */
function withFullText(cards: CardRenderer, card: Record<string, unknown>, fitted: Reply["fitted"]): Record<string, unknown> {
  if (!fitted) return card;
  const body = [...((card.body as unknown[]) ?? [])];
  body.push({ type: "TextBlock", text: cards.escapeText("teams", fitted.note), isSubtle: true, size: "Small", wrap: true });
  if (fitted.full.length) {
    body.push({
      type: "Container",
      id: FULL_TEXT_ID,
      isVisible: false,
      items: fitted.full.flatMap((f) => [
        { type: "TextBlock", text: cards.escapeText("teams", f.title), weight: "Bolder", wrap: true },
        { type: "TextBlock", text: cards.escapeText("teams", f.text), wrap: true, spacing: "None" },
      ]),
    });
    body.push({ type: "ActionSet", actions: [{ type: "Action.ToggleVisibility", title: "Show full text", targetElements: [FULL_TEXT_ID] }] });
  }
  return { ...card, body };
}
