import { z } from "zod";
import type { Feature, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyTo } from "../conversation/router";
import type { Tenancy } from "../ports/tenancy";

/** Data contract of cards/<platform>/help.json. */
export const helpCardSchema = z.object({
  title: z.string(),
  intro: z.string(),
  commands: z.array(z.object({ usage: z.string(), summary: z.string() })),
  footer: z.string(),
});
export type HelpCard = z.infer<typeof helpCardSchema>;

export function helpCard(clientName: string, commands: { usage: string; summary: string }[]): HelpCard {
  return {
    title: "Tandem: who handles what, between internal IT and the MSP",
    intro: `I answer from ${clientName}'s signed responsibility matrix. Ask me in this channel by mentioning me, or in a 1:1 chat.`,
    commands,
    // People of the other organisation in a Slack Connect channel cannot use another workspace's slash commands.
    footer:
      "@mention Tandem with the command (everyone, including the other organisation in a shared or Slack Connect channel), or use the buttons on its cards. In Slack, /tandem <command>, /whohandles, /ticket, /escalate and /incident also work in the workspace that installed Tandem.",
  };
}

/** `help` and the once-per-conversation welcome, listing every command the router knows. */
export function helpFeature(deps: { tenancy: Tenancy; commands: () => { name: string; usage: string; summary: string }[] }): Feature {
  const render = (turn: Turn): Outgoing[] => {
    const commands = deps.commands().map((c) => ({ usage: c.usage, summary: c.summary }));
    const card = helpCard(turn.client.name, commands);
    return [replyTo(turn, { text: `${card.title}\n${commands.map((c) => `• ${c.usage}: ${c.summary}`).join("\n")}`, card: { name: "help", data: card } })];
  };
  return {
    name: "help",
    commands: [
      { name: "help", aliases: ["?", "commands"], summary: "Show what I can do", usage: "help", access: "help", run: async (turn) => render(turn) },
      {
        name: "welcome",
        summary: "Introduce Tandem in this conversation",
        usage: "welcome",
        access: "help",
        run: async (turn) => {
          if (turn.event.kind === "installed" && !(await deps.tenancy.markWelcomed(turn.event.channel))) return [];
          const text =
            "Hi, I'm Tandem. I know who handles what between internal IT and the MSP, and I keep tickets, escalations and incidents in one place both sides can see. Say \"help\" to see what I can do.";
          return [{ op: "post", channel: turn.event.channel, reply: { text } }];
        },
      },
    ],
  };
}
