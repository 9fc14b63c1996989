import { CardRenderer } from "../../../src/adapters/cards/render";
import { blockActionToEvent, parseValue } from "../../../src/adapters/slack/payload";

describe("Slack button values", () => {
  test("text escaped for mrkdwn by the renderer comes back as the user typed it", () => {
    const typed = "R&D printer <floor 2> won't print";
    const cards = new CardRenderer();
    // What a template does: the data string lands inside a JSON button value.
    const escaped = cards.escapeText("slack", typed);
    expect(escaped).not.toContain("<");
    const value = JSON.stringify({ text: escaped, key: "k1" });
    expect(parseValue(value)).toEqual({ text: typed, key: "k1" });
  });

  test("a block action carries verb, value, message key and thread", () => {
    const e = blockActionToEvent({
      type: "block_actions",
      trigger_id: "t1",
      team: { id: "T1" },
      user: { id: "U1", team_id: "T2" },
      channel: { id: "C1" },
      message: { ts: "1.1", thread_ts: "1.0" },
      actions: [{ action_id: "ticket-take", value: JSON.stringify({ ticket: "abc", key: "ticket:abc" }) }],
    });
    expect(e).toMatchObject({ kind: "action", action: "ticket-take", messageKey: "ticket:abc", threadId: "1.0", actor: { teamId: "T2", userId: "U1" } });
  });
});
