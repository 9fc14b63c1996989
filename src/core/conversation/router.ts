import { actorKey, conversationKey, isThreaded, type ActionEvent, type ChannelEvent, type ChannelRef, type InboundEvent, type MessageActionEvent } from "./events";
import type { ActionSpec, CommandSpec, Feature, Turn } from "./feature";
import type { Outgoing, Reply } from "./reply";
import { cleanAddressedText, splitCommand } from "./command-text";
import { DomainError, PermissionDenied } from "../errors";
import type { AuditLog } from "../ports/tenancy";
import { serverWordHint } from "./server-words";
import { requireAccess } from "../access/check";
import { requireCardHere, type CardPlaces } from "../access/card-binding";
import type { Access } from "../access/table";

function checkAccess(turn: Turn, access: Access): void {
  if (access !== "in-handler") requireAccess(turn, access);
}

export interface RouterDeps {
  audit: AuditLog;
  cards: CardPlaces;
}

/** Where the person acted: the thread of their message (or of the card they clicked) in a channel, else the chat itself. */
export function placeOfEvent(e: InboundEvent): { channel: ChannelRef; threadId?: string } {
  const threaded = isThreaded(e.channel);
  switch (e.kind) {
    case "message":
      return { channel: e.channel, threadId: threaded ? (e.threadId ?? e.messageId) : undefined };
    case "action":
    case "command":
      return { channel: e.channel, threadId: threaded ? e.threadId : undefined };
    default:
      return { channel: e.channel };
  }
}

/** Where a reply to this event goes: where the person acted. */
export function replyTo(turn: Turn, reply: Reply): Outgoing {
  return { op: "post", ...placeOfEvent(turn.event), reply };
}

/** Told only to the person who asked (ephemeral in Slack channels; a 1:1 message in Teams, which has no ephemeral). */
export function replyPrivately(turn: Turn, reply: Reply): Outgoing {
  return { op: "ephemeral", ...placeOfEvent(turn.event), to: turn.actor, reply };
}

export class Router {
  private readonly commands = new Map<string, CommandSpec>();
  private readonly actions = new Map<string, ActionSpec>();

  constructor(
    private readonly features: Feature[],
    private readonly deps: RouterDeps,
  ) {
    for (const f of features) {
      for (const c of f.commands ?? []) {
        for (const n of [c.name, ...(c.aliases ?? [])]) {
          if (this.commands.has(n)) throw new Error(`command "${n}" registered twice`);
          this.commands.set(n, c);
        }
      }
      for (const a of f.actions ?? []) {
        if (this.actions.has(a.verb)) throw new Error(`action "${a.verb}" registered twice`);
        this.actions.set(a.verb, a);
      }
    }
  }

  listCommands(): CommandSpec[] {
    return [...new Set(this.commands.values())];
  }

  listActions(): ActionSpec[] {
    return [...this.actions.values()];
  }

  async route(turn: Turn): Promise<Outgoing[]> {
    try {
      return await this.dispatch(turn);
    } catch (err) {
      if (err instanceof PermissionDenied) {
        await this.refused(turn, err);
        return [replyPrivately(turn, { text: err.userMessage })];
      }
      if (err instanceof DomainError) return [replyPrivately(turn, { text: err.userMessage })];
      throw err;
    }
  }

  /** Every refusal by the authorization table (or of a card used elsewhere) is in the audit log. */
  private async refused(turn: Turn, err: PermissionDenied): Promise<void> {
    const e = turn.event;
    const what = e.kind === "action" ? { button: e.action, card: e.messageKey } : e.kind === "command" ? { command: e.command } : { kind: e.kind };
    await this.deps.audit.record({
      clientId: turn.client.id,
      actor: actorKey(turn.actor),
      action: err.permission,
      outcome: "refused",
      place: conversationKey(e.channel),
      detail: { eventId: e.eventId, roles: turn.roles, ...what },
    });
  }

  private async dispatch(turn: Turn): Promise<Outgoing[]> {
    const e: InboundEvent = turn.event;
    switch (e.kind) {
      case "message": {
        if (!e.addressed) return [];
        return this.text(turn, cleanAddressedText(e.text));
      }
      case "command": {
        // "/tandem who handles x" and "/escalate HL-1" both end up as chat text.
        const text = e.command === "tandem" ? e.text : `${e.command} ${e.text}`;
        return this.text(turn, text);
      }
      case "action": {
        const spec = this.actions.get(e.action);
        if (!spec) return [replyPrivately(turn, { text: `That button ("${e.action}") is no longer supported.` })];
        await requireCardHere(this.deps.cards, e);
        checkAccess(turn, typeof spec.access === "function" ? spec.access(e.value) : spec.access);
        return spec.run(turn as Turn<ActionEvent>);
      }
      case "message-action": {
        for (const f of this.features) {
          if (f.onMessageAction) return f.onMessageAction(turn as Turn<MessageActionEvent>);
        }
        return [];
      }
      case "installed": {
        const notes: Outgoing[] = [];
        for (const f of this.features) if (f.onChannelEvent) notes.push(...((await f.onChannelEvent(turn as Turn<ChannelEvent>)) ?? []));
        return [...notes, ...(await this.text(turn, "welcome"))];
      }
      case "members":
      case "removed":
      case "sharing": {
        for (const f of this.features) {
          const out = f.onChannelEvent ? await f.onChannelEvent(turn as Turn<ChannelEvent>) : null;
          if (out) return out;
        }
        return [];
      }
    }
  }

  private async text(turn: Turn, text: string): Promise<Outgoing[]> {
    const { word, rest } = splitCommand(text);
    const cmd = this.commands.get(word);
    if (cmd && (!cmd.matches || cmd.matches(rest))) {
      checkAccess(turn, typeof cmd.access === "function" ? cmd.access(rest, turn) : cmd.access);
      return cmd.run(turn, rest);
    }
    const hint = serverWordHint(word, rest);
    if (hint) return [replyPrivately(turn, { text: hint })];
    for (const f of this.features) {
      if (!f.onText) continue;
      const out = await f.onText(turn, text);
      if (out) return out;
    }
    return [replyTo(turn, { text: `I didn't understand "${text.slice(0, 80)}". Say "help" to see what I can do.` })];
  }
}
