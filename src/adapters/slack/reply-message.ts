import type { Reply } from "../../core/conversation/reply";
import type { CardRenderer } from "../cards/render";
import type { SlackMessage } from "../limits/slack-limits";

const SLACK_USER_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A reply as chat.postMessage / chat.update take it: fallback text, and the card's blocks. */
export function slackReplyMessage(cards: CardRenderer, reply: Reply): SlackMessage {
  // Only what can be a Slack user id becomes <@...>: an id from a matrix or the people list with other characters in
  // it ("U1> <!channel") would otherwise close the mention and ping the whole channel.
  const mentions = (reply.mentions ?? []).filter((m) => SLACK_USER_ID.test(m.userId)).map((m) => `<@${m.userId}>`).join(" ");
  const text = [mentions, cards.escapeText("slack", reply.text)].filter(Boolean).join(" ");
  if (!reply.card) return { text };
  const rendered = cards.render<{ blocks: unknown[] }>("slack", reply.card);
  const blocks = mentions ? [{ type: "section", text: { type: "mrkdwn", text: mentions } }, ...rendered.blocks] : [...rendered.blocks];
  if (reply.fitted) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:scissors: ${cards.escapeText("slack", reply.fitted.note)}` }] });
  return { text, blocks };
}
