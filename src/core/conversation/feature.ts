import type { Actor, ActionEvent, ChannelEvent, InboundEvent, MessageActionEvent } from "./events";
import type { Outgoing } from "./reply";
import type { ClientInfo, Role } from "../ports/tenancy";
import type { Access } from "../access/table";

/** Everything a handler knows about the turn it is handling. */
export interface Turn<E extends InboundEvent = InboundEvent> {
  event: E;
  client: ClientInfo;
  actor: Actor;
  roles: Role[];
  now: Date;
}

export interface CommandSpec {
  /** First word of the command ("escalate"); slash commands and chat text share it. */
  name: string;
  aliases?: string[];
  /** One line for the help card. */
  summary: string;
  /** Usage shown in help and on a wrong call, e.g. "escalate HL-42 [sev] [reason]". */
  usage: string;
  /** Who may see it in help (all when absent). */
  audience?: Role[];
  /** Its row in the authorization table (core/access/table.ts), checked by the router before `run`. */
  access: Access | ((args: string, turn: Turn) => Access);
  /** When present and false for these args, the text is not this command (e.g. "my laptop ..." is a question, not "my tickets"). */
  matches?(args: string): boolean;
  run(turn: Turn, args: string): Promise<Outgoing[]>;
}

export interface ActionSpec {
  verb: string;
  /** Its row in the authorization table, checked by the router before `run` (after the card's place). */
  access: Access | ((value: Record<string, string>) => Access);
  run(turn: Turn<ActionEvent>): Promise<Outgoing[]>;
}

/** A capability (help, who-handles, tickets, incidents, cadence) plugs its commands and buttons into the router. */
export interface Feature {
  name: string;
  commands?: CommandSpec[];
  actions?: ActionSpec[];
  /**
   * Free text addressed to the bot that matched no command (e.g. a question). First feature returning non-null wins.
   * It checks the authorization table itself (requireAccess) for what it decides to do.
   */
  onText?(turn: Turn, text: string): Promise<Outgoing[] | null>;
  /** A message action ("Create ticket" on a message); checks the table itself. */
  onMessageAction?(turn: Turn<MessageActionEvent>): Promise<Outgoing[]>;
  /**
   * Members joined or left, the channel was shared or unshared, Tandem was removed (first non-null wins), or Tandem
   * was added (every feature's notes, before the welcome).
   */
  onChannelEvent?(turn: Turn<ChannelEvent>): Promise<Outgoing[] | null>;
}
