// Chat surface of tickets: commands ("ticket ...", "escalate ...", "log 30m HL-42", "open tickets", "my tickets",
// "hours"), the card's buttons, the "Create ticket" message action, and the acknowledgement timer.
import { actorKey, type ActionEvent } from "../conversation/events";
import type { ActionSpec, CommandSpec, Feature, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately, replyTo } from "../conversation/router";
import { DomainError } from "../errors";
import type { JobHandler } from "../ports/jobs";
import { createTicket, type TicketRequest } from "./create";
import { cardReply, matrixOf, nameOf, ticketByRef, ticketOfAction, updateCard, cardOf, type TicketDeps } from "./desk";
import { formatMinutes } from "../duration";
import { parseDuration } from "./duration";
import { ACK_TIMEOUT_JOB, acknowledge, escalateTicket, onAckTimeout } from "./escalate";
import { requireAccess } from "../access/check";
import { changeSeverity, handOver, note, reopen, resolve, take } from "./lifecycle";
import { cardKey, isSeverity, ticketKey, type Severity, type Ticket } from "./model";
import { placeOf, sourceKeyOf } from "./place";
import { onAction } from "../cards/action";
import { TICKET_ACTIONS } from "./buttons";
import { listCard, listText, parseCourtWord, postList, type ListScope } from "./ticket-list";
import { parseEscalate, parseLogTime, parseMakeTicket, parseTicketRef, parseTicketThis } from "./ticket-text";
import { ticketFromMessage, ticketThis } from "./from-message";
import { hoursCard, logTime } from "./time-log";
import { TICKET_PAGE_CHECK, isPageCardKey, pageCardUpdate, ticketPageCheck } from "./ticket-paging";

/** Internal IT, the MSP and admins; also the person who opened the ticket (answering, resolving, reopening it). */
function byOpener(turn: Turn, t: { createdBy: string | null }, id: "ticket.note" | "ticket.resolve" | "ticket.reopen"): void {
  requireAccess(turn, id, { orIf: t.createdBy === actorKey(turn.actor), alsoWho: "the person who opened it" });
}

const TICKET_WORD = /^tickets?(\s|$)/i;
/** "ticket HL-42" looks a ticket up; anything longer opens one. */
const refIn = (rest: string, turn: Turn) => (rest && !rest.includes(" ") ? parseTicketRef(rest, turn.client.ticketPrefix) : null);
const REF_LIKE = /(^|\s)([A-Za-z][A-Za-z0-9]*-\d+|#\d+)(\s|$)/;
/** "log 30m ...", "log 1h 15m", "log 1.5 hours": time spent, said first. */
const LOG_TIME_FIRST = /^\s*\d+(?:[.,]\d+)?\s*(?:m|mins?|minutes?|h|hrs?|hours?)(?=\s|$)/i;
/** "log HL-42" and nothing else. */
const LOG_REF_ONLY = /^\s*([A-Za-z][A-Za-z0-9]*-\d+|#\d+)\s*$/;

export function ticketsFeature(deps: TicketDeps): Feature {
  const create = async (turn: Turn, text: string, extra: Partial<TicketRequest> = {}): Promise<Outgoing[]> => {
    if (!text.trim()) return [replyPrivately(turn, { text: 'Say what happened after "ticket", e.g. "ticket the printer on floor 2 is jammed".' })];
    const r = await createTicket(deps, turn, { text, place: placeOf(turn.event), sourceKey: sourceKeyOf(turn.event), ...extra });
    return r.out;
  };

  const showRef = async (turn: Turn, number: number): Promise<Outgoing[]> => {
    const t = await ticketByRef(deps, turn.client, number);
    const card = await cardOf(deps, turn.client, t, turn.now);
    const facts = card.facts.map((f) => `${f.title}: ${f.value}`).join("\n");
    return [replyPrivately(turn, { text: `${card.ref}: ${card.title}\n${card.headline}\n${facts}` })];
  };

  const list = (scope: ListScope) => async (turn: Turn, rest: string) => {
    const words = rest.replace(TICKET_WORD, "").trim();
    return postList(deps, turn, { scope, court: parseCourtWord(words), offset: 0 });
  };

  const escalate = async (turn: Turn, rest: string): Promise<Outgoing[]> => {
    const args = parseEscalate(rest, turn.client.ticketPrefix);
    if (args.kind === "empty") {
      return [replyPrivately(turn, { text: `Usage: escalate ${turn.client.ticketPrefix}-42 [severity 1-4] [reason], or escalate <what happened> to open and escalate a new ticket.` })];
    }
    if (args.kind === "existing") {
      const t = await ticketByRef(deps, turn.client, args.number);
      const esc = await escalateTicket(deps, turn, t, args.severity, args.reason);
      return [await updateCard(deps, turn.client, esc.ticket, turn.now), ...esc.notices];
    }
    const made = await createTicket(deps, turn, { text: args.text, severity: args.severity, place: placeOf(turn.event), sourceKey: sourceKeyOf(turn.event) });
    if (!made.created) return made.out;
    // One post: the new card, which carries the page (the @mention and the notice as its text).
    const place = placeOf(turn.event);
    const cardPost = async (t: Ticket): Promise<Extract<Outgoing, { op: "post" }>> => ({ op: "post", channel: place.channel, threadId: place.threadId, key: cardKey(t.id), reply: cardReply(await cardOf(deps, turn.client, t, turn.now)) });
    const esc = await escalateTicket(deps, turn, made.ticket, null, "", cardPost);
    return esc.notices;
  };

  const commands: CommandSpec[] = [
    {
      name: "ticket",
      summary: "Open a ticket both sides see, routed by the matrix",
      usage: "ticket <what happened>",
      access: (rest, turn) => (refIn(rest, turn) !== null ? "ticket.show" : "ticket.open"),
      run: async (turn, rest) => {
        const ref = refIn(rest, turn);
        if (ref !== null) return showRef(turn, ref);
        const self = parseTicketThis(rest);
        return self ? ticketThis(deps, turn, self.note) : create(turn, rest);
      },
    },
    {
      // The Create ticket shortcut by @mention, for people who cannot use the app's shortcuts (Slack Connect).
      name: "make",
      aliases: ["turn"],
      summary: "In a message's thread: make that message a ticket, as the Create ticket shortcut does (also \"ticket this\")",
      usage: "ticket this [: note] | make this a ticket [note]",
      access: "ticket.open",
      matches: (rest) => parseMakeTicket(rest) !== null,
      run: async (turn, rest) => ticketThis(deps, turn, parseMakeTicket(rest)?.note ?? ""),
    },
    {
      name: "tickets",
      summary: "List open tickets (add mine, msp, internal or waiting)",
      usage: "tickets [mine|msp|internal|waiting]",
      access: (rest) => {
        const words = rest.trim().replace(/^list\s*/i, "");
        return /^show\s/i.test(words) ? "ticket.show" : /^mine$/i.test(words) ? "tickets.mine" : "tickets.list";
      },
      // Also as typed for the command line: "tickets list", "tickets show HL-42".
      matches: (rest) => rest === "" || /^(list\s+)?(mine|open|msp|internal|requester|waiting)?$/i.test(rest.trim()) || /^show\s+\S+$/i.test(rest.trim()),
      run: async (turn, rest) => {
        const words = rest.trim().replace(/^list\s*/i, "");
        const show = /^show\s+(\S+)$/i.exec(words);
        if (show) {
          const ref = parseTicketRef(show[1], turn.client.ticketPrefix);
          if (ref === null) return [replyPrivately(turn, { text: `Say which ticket, e.g. "ticket ${turn.client.ticketPrefix}-42".` })];
          return showRef(turn, ref);
        }
        return /^mine$/i.test(words) ? list("mine")(turn, "") : list("open")(turn, words.replace(/^open$/i, ""));
      },
    },
    { name: "my", summary: "Your open tickets", usage: "my tickets", access: "tickets.mine", matches: (rest) => TICKET_WORD.test(rest), run: list("mine") },
    {
      name: "open",
      summary: "Open tickets, or open a new one",
      usage: "open tickets | open ticket <what happened>",
      access: (rest) => (/^tickets(\s|$)/i.test(rest) ? "tickets.list" : "ticket.open"),
      matches: (rest) => TICKET_WORD.test(rest),
      run: async (turn, rest) => (/^tickets(\s|$)/i.test(rest) ? list("open")(turn, rest) : create(turn, rest.replace(TICKET_WORD, ""))),
    },
    {
      name: "escalate",
      summary: "Internal IT: hand a ticket to the MSP and page their owner",
      usage: "escalate HL-42 [severity] [reason] | escalate <what happened>",
      access: "ticket.escalate",
      audience: ["internal-it"],
      run: escalate,
    },
    {
      name: "log",
      summary: "Log time on a ticket (MSP time draws down block hours)",
      usage: "log 30m HL-42 [what you did]",
      access: "ticket.log-time",
      // A ticket and a time; also either alone ("log 30m", "log HL-42"), which is answered with what is missing.
      // "log in to Outlook on win-11" stays a question.
      matches: (rest) => (REF_LIKE.test(rest) && /\d/.test(rest.replace(REF_LIKE, " "))) || LOG_TIME_FIRST.test(rest) || LOG_REF_ONLY.test(rest),
      run: async (turn, rest) => {
        const args = parseLogTime(rest, turn.client.ticketPrefix);
        if (args.number === null) throw new DomainError("no-ticket", `Say which ticket, e.g. "log 30m ${turn.client.ticketPrefix}-42".`);
        const t = await ticketByRef(deps, turn.client, args.number);
        const out = await logTime(deps, turn, t, args.minutes, args.note);
        const ref = ticketKey(turn.client.ticketPrefix, t.number);
        return [...out, replyPrivately(turn, { text: `Logged ${formatMinutes(args.minutes ?? 0)} on ${ref}.` })];
      },
    },
    {
      name: "hours",
      summary: "MSP block hours left",
      usage: "hours",
      access: "hours.show",
      matches: (rest) => rest === "" || /^(left|balance|bank|remaining)$/i.test(rest.trim()),
      run: async (turn) => {
        const matrix = await matrixOf(deps, turn.client.id, turn.now);
        const card = hoursCard(turn.client, await deps.hours.entries(turn.client.id), matrix?.businessHours.timezone ?? turn.client.timezone);
        return [replyTo(turn, { text: `${card.title}: ${card.summary}`, card: { name: "hours", data: card } })];
      },
    },
  ];

  const A = TICKET_ACTIONS;
  const onTicket = <D extends { ticket: string }>(run: (turn: Turn<ActionEvent>, t: Ticket, v: D) => Promise<Outgoing[]>) =>
    async (turn: Turn<ActionEvent>, v: D) => {
      const t = await ticketOfAction(deps, turn, v.ticket);
      const key = turn.event.messageKey;
      if (!key || !isPageCardKey(key, t.id)) return run(turn, t, v);
      // Clicked on the card of a page's direct message: that card shows the ticket as it is now, also when the click
      // came too late ("already acknowledged"), which is then said to the person as well.
      let out: Outgoing[];
      try {
        out = await run(turn, t, v);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        out = [replyPrivately(turn, { text: err.userMessage })];
      }
      if (out.some((o) => o.op === "update" && o.key === key)) return out; // refreshed already (an acknowledgement)
      const now = (await deps.tickets.byId(t.id)) ?? t;
      return [...out, await pageCardUpdate(deps, turn.client, now, turn.now, key)];
    };

  const actions: ActionSpec[] = [
    onAction(A.open, "ticket.open", async (turn, v) => {
      const r = await createTicket(deps, turn, { text: v.text ?? "", categoryId: v.category || null, place: placeOf(turn.event), sourceKey: sourceKeyOf(turn.event) });
      return r.out;
    }),
    onAction(A.take, "ticket.take", onTicket((turn, t) => take(deps, turn, t))),
    onAction(A.handOver, "ticket.handover", onTicket((turn, t, v) => handOver(deps, turn, t, v.to, v.note))),
    // With a time it logs time (internal IT, the MSP, admins); a plain note may also come from whoever opened it.
    onAction(
      A.note,
      "in-handler",
      onTicket(async (turn, t, v) => {
        if (v.time?.trim()) {
          requireAccess(turn, "ticket.log-time");
          return logTime(deps, turn, t, parseDuration(v.time), v.note);
        }
        byOpener(turn, t, "ticket.note");
        return note(deps, turn, t, v.note);
      }),
    ),
    onAction(A.severity, "ticket.severity", onTicket((turn, t, v) => changeSeverity(deps, turn, t, v.severity))),
    onAction(
      A.resolve,
      "in-handler",
      onTicket(async (turn, t, v) => {
        byOpener(turn, t, "ticket.resolve");
        return resolve(deps, turn, t, v.note);
      }),
    ),
    onAction(
      A.reopen,
      "in-handler",
      onTicket(async (turn, t) => {
        byOpener(turn, t, "ticket.reopen");
        return reopen(deps, turn, t, undefined);
      }),
    ),
    onAction(
      A.escalate,
      "ticket.escalate",
      onTicket(async (turn, t, v) => {
        const sev = Number(v.severity);
        const severity: Severity | null = isSeverity(sev) && sev !== t.severity ? sev : null;
        const esc = await escalateTicket(deps, turn, t, severity, (v.note ?? "").trim());
        return [await updateCard(deps, turn.client, esc.ticket, turn.now), ...esc.notices];
      }),
    ),
    onAction(A.ack, "ticket.acknowledge", onTicket((turn, t) => acknowledge(deps, turn, t))),
    // v.card is the event's card key, bound to this conversation by the router (another card's key is refused there).
    onAction(A.more, (v) => (v.scope === "mine" ? "tickets.mine" : "tickets.list"), async (turn, v) => {
      const scope: ListScope = v.scope === "mine" ? "mine" : "open";
      const card = await listCard(deps, turn, { scope, court: parseCourtWord(v.court ?? ""), offset: Math.max(0, Number(v.offset) || 0) }, v.card);
      return [{ op: "update", key: v.card, reply: { text: listText(card), card: { name: "ticket-list", data: card } } }];
    }),
  ];

  return {
    name: "tickets",
    commands,
    actions,
    onMessageAction: async (turn) => {
      requireAccess(turn, "ticket.open");
      return ticketFromMessage(deps, turn, turn.event.channel, turn.event.message, turn.event.note);
    },
  };
}

export function ticketJobs(deps: TicketDeps): Record<string, JobHandler> {
  return { [ACK_TIMEOUT_JOB]: (payload, ctx) => onAckTimeout(deps, payload, ctx), [TICKET_PAGE_CHECK]: ticketPageCheck(deps) };
}
