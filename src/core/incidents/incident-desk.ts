// The running side of incidents: start one, apply a change, fire its timers; each returns what to say where.
// Every change goes through the store under a lock, updates the one card in place and reschedules the timer.
import { formatMinutes } from "../duration";
import { actorKey } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing, Reply } from "../conversation/reply";
import { DomainError, PermissionDenied } from "../errors";
import type { JobContext, Jobs } from "../ports/jobs";
import type { AuditLog, ClientSettings, Tenancy } from "../ports/tenancy";
import { checkPage, schedulePageCheck } from "../paging/check";
import { incidentSubject, type PageLog } from "../paging/model";
import { pageLines } from "../paging/summary";
import { INCIDENT_PAGE_CHECK, incidentPhoneFollowUp, incidentPhones } from "./incident-paging";
import { apply, startIncident } from "./incident";
import { SYSTEM_ACTOR, type IncidentCommand, type IncidentState, type TimelineEvent, type Transition } from "./incident-model";
import { incidentCardKey, incidentCardView } from "./live-card";
import { pageMessages, peopleToPage, rolesForPage } from "./paging";
import { incidentActor } from "./participants";
import type { Playbook } from "./playbook";
import type { IncidentRecord, IncidentStore, KnownPerson, People, TicketRef } from "./ports";
import { incidentSummaryCard } from "./summary-card";
import { dueCommands, nextDueAt, repageDueAt } from "./timers";
import type { Zones } from "../time/when";
import { lateNote, type DueMark } from "../time/late";

export const INCIDENT_TIMER = "incident-timer";

export interface IncidentDeskDeps {
  incidents: IncidentStore;
  people: People;
  audit: AuditLog;
  jobs: Jobs;
  /** Deliveries of each page (the card shows who was paged, how and when). */
  pages: PageLog;
  /** The client's settings (phone paging) for timers, which have no turn. */
  clients: Pick<Tenancy, "client">;
  /** The client's time zone (and the MSP's) for the times on the card; UTC when absent. */
  zones?: (clientId: string) => Promise<Zones>;
  /** Whether it is the client's business hours (by its matrix): below sev-1, the phone rings only outside them by default. */
  businessHours(clientId: string, at: Date): Promise<boolean>;
}

/** Timeline events worth a line in the card's thread (the rest show on the card only). */
const THREAD_EVENTS = new Set(["note", "status-changed", "acknowledged", "re-paged", "deadline-missed", "approved", "declined"]);

export class IncidentDesk {
  constructor(private readonly deps: IncidentDeskDeps) {}

  async start(turn: Turn, input: { playbook: Playbook; summary: string; drill: boolean; ticket: TicketRef | null }): Promise<Outgoing[]> {
    const { client, roles } = turn;
    const place = `${turn.event.channel.platform}:${turn.event.channel.id}`;
    const what = input.drill ? "incident.drill" : "incident.start";
    // The table's incident.start / incident.drill was checked by the router.
    const channel = turn.event.channel;
    if (channel.isDirect) throw new DomainError("incident-in-channel", "Start incidents in the shared channel, so both sides see the card.");
    const people = await this.deps.people.ofClient(client.id);
    const me = incidentActor(turn.actor, roles, findKnown(people, turn.actor));
    const ackMinutes = typeof client.settings.incidentAckMinutes === "number" ? client.settings.incidentAckMinutes : undefined;
    const summary = input.summary.trim() || (input.ticket ? input.ticket.title : input.drill ? "Tabletop exercise" : "Reported in chat; details to follow");
    const { record } = await this.deps.incidents.create({
      clientId: client.id,
      channel,
      ticketRowId: input.ticket?.id ?? null,
      start: (ref) =>
        startIncident({ id: ref, playbook: input.playbook, summary, drill: input.drill, ticketId: input.ticket?.key ?? null, ackMinutes }, me, turn.now),
    });
    await this.deps.audit.record({ clientId: client.id, actor: actorKey(turn.actor), action: what, outcome: "allowed", place, detail: { incident: record.state.id, playbook: input.playbook.id } });
    await this.scheduleTimer(record);

    const s = record.state;
    const drill = s.drill ? "[DRILL] " : "";
    const card = await this.cardReply(record, people, turn.now);
    const key = incidentCardKey(record.id);
    // Internal IT and the first contact of the escalation path, paged at once, in the thread the card starts.
    const firstPage = s.pages[0];
    const paged = [...peopleToPage(people, ["internal-it"]), ...(firstPage ? peopleToPage(people, rolesForPage(s, firstPage)) : [])];
    const where = channel.name ? ` in #${channel.name}` : "";
    const page = pageMessages({
      subject: incidentSubject(record.id),
      round: 0,
      channel,
      threadOf: key,
      drill: s.drill,
      people: paged,
      except: turn.actor,
      phones: incidentPhones(client.settings, record, ["internal", "msp"], turn.now, names(paged), await this.afterHours(record, turn.now)),
      due: { at: turn.now.toISOString(), zones: await this.zones(client.id) },
      text:
        `${drill}SEV ${s.severity} incident ${s.id} started by ${me.name}: ${s.playbook.name}: ${s.summary}. ` +
        `Paging internal IT and the MSP on-call. The MSP acknowledges within ${formatMinutes(s.ackMinutes)} (Acknowledge on the card, or "incident ack").`,
      dmText: `You are paged: SEV ${s.severity} incident ${s.id} (${s.playbook.name})${where}: ${s.summary}. Open the incident card in the shared channel.`,
    });
    await schedulePageCheck(this.deps.jobs, INCIDENT_PAGE_CHECK, incidentSubject(record.id), 0, turn.now);
    return [{ op: "post", channel, key, reply: card }, { op: "pin", key }, ...page];
  }

  /** Applies a person's command to an incident and returns the card update plus thread lines. */
  async act(turn: Turn, record: IncidentRecord, command: IncidentCommand | ((state: IncidentState) => IncidentCommand)): Promise<Outgoing[]> {
    if (record.clientId !== turn.client.id) throw new DomainError("incident-not-found", "That incident belongs to another client.");
    const people = await this.deps.people.ofClient(turn.client.id);
    const me = incidentActor(turn.actor, turn.roles, findKnown(people, turn.actor));
    const result = await this.deps.incidents.change(record.id, (current) => {
      const cmd = typeof command === "function" ? command(current.state) : command;
      return apply(current.state, cmd, me, turn.now);
    });
    if (!result) return [];
    await this.scheduleTimer(result.record);
    return this.afterChange(result.record, result.events, people, turn.now, turn.actor);
  }

  /** The durable timer: re-page while the MSP has not acknowledged, call out passed step deadlines once. */
  async tick(incidentId: string, now: Date): Promise<Outgoing[]> {
    const before = await this.deps.incidents.get(incidentId);
    const zones = before ? await this.zones(before.clientId) : { zone: "UTC" };
    let repageDue: Date | null = null;
    const result = await this.deps.incidents.change(incidentId, (current) => {
      repageDue = repageDueAt(current.state);
      const commands = dueCommands(current.state, now, (due) => lateNote(due, now, zones));
      if (commands.length === 0) return null;
      let state = current.state;
      const events: TimelineEvent[] = [];
      for (const c of commands) {
        const t: Transition = apply(state, c, SYSTEM_ACTOR, now);
        state = t.state;
        events.push(...t.events);
      }
      return { state, events };
    });
    const record = result?.record ?? (await this.deps.incidents.get(incidentId));
    if (!record) return [];
    await this.scheduleTimer(record);
    if (!result) return [];
    const people = await this.deps.people.ofClient(record.clientId);
    return this.afterChange(record, result.events, people, now, undefined, repageDue ?? undefined);
  }

  async cardReply(record: IncidentRecord, people: KnownPerson[], now: Date, paged: readonly string[] = []): Promise<Reply> {
    const s = record.state;
    const channel = record.channel;
    // Assign menus offer the client's people on the channel's platform, whatever their tenant or workspace: in a shared
    // channel (Teams) or a Slack Connect channel the MSP's people sit in their own organisation and hold roles here.
    const here = people.filter((p) => !channel || p.actor.platform === channel.platform);
    const view = incidentCardView(record, here, now, await this.zones(record.clientId), paged);
    return {
      text: `${s.drill ? "[DRILL] " : ""}SEV ${s.severity} incident ${s.id}: ${s.playbook.name} (${s.status}): ${s.summary}`,
      card: { name: "incident", data: view },
    };
  }

  /** `repageDue`: the response timer fired, due then: its re-page is one per outage, marked late (time/late.ts). */
  private async afterChange(record: IncidentRecord, events: TimelineEvent[], people: KnownPerson[], now: Date, by?: Turn["actor"], repageDue?: Date): Promise<Outgoing[]> {
    const out: Outgoing[] = [{ op: "update", key: incidentCardKey(record.id), reply: await this.liveCard(record, people, now) }];
    const channel = record.channel;
    if (!channel) return out;
    const threadId = await this.deps.incidents.cardThread(record.id);
    const s = record.state;
    const settings: ClientSettings = (await this.deps.clients.client(record.clientId))?.settings ?? {};
    for (const e of events) {
      if (e.type === "re-paged" || e.type === "paged") {
        const page = s.pages.find((p) => p.contactId === e.contactId && p.at === e.at);
        const targets = page ? peopleToPage(people, rolesForPage(s, page)) : [];
        const round = page ? s.pages.indexOf(page) : s.pages.length;
        const zones = await this.zones(record.clientId);
        const due: DueMark = repageDue
          ? { at: repageDue.toISOString(), zones, noteAt: e.text.length, supersede: `${incidentSubject(record.id)}:re-page` }
          : { at: now.toISOString(), zones, noteAt: e.text.length };
        out.push(
          ...pageMessages({
            subject: incidentSubject(record.id),
            round,
            channel,
            threadId,
            drill: s.drill,
            people: targets,
            except: by,
            phones: incidentPhones(settings, record, ["msp"], now, names(targets), await this.afterHours(record, now)),
            text: `${e.text}.${targets.length === 0 ? " Nobody in Tandem has the matching MSP role: call them directly." : ""}`,
            due,
            dmText: `Re-page: SEV ${s.severity} incident ${s.id} (${s.playbook.name}) is not acknowledged yet. Open the incident card in the shared channel and acknowledge.`,
          }),
        );
        await schedulePageCheck(this.deps.jobs, INCIDENT_PAGE_CHECK, incidentSubject(record.id), round, now);
      } else if (e.type === "resolved") {
        const { fallback, ...summary } = incidentSummaryCard(s, now, await this.zones(record.clientId));
        out.push({ op: "post", channel, threadId, reply: { text: e.text } });
        out.push({ op: "post", channel, key: `incident-summary:${record.id}`, reply: { text: fallback, card: { name: "incident-summary", data: summary } } });
      } else if (THREAD_EVENTS.has(e.type)) {
        out.push({ op: "post", channel, threadId, reply: { text: e.text } });
      }
      if (e.type === "acknowledged" || e.type === "resolved") {
        out.push(...(await incidentPhoneFollowUp(this.deps.pages, settings, record, e.type === "acknowledged" ? "acknowledge" : "resolve", now)));
      }
    }
    return out;
  }

  /** The card with who was paged, how and when. */
  async liveCard(record: IncidentRecord, people: KnownPerson[], now: Date): Promise<Reply> {
    const lines = pageLines(await this.deps.pages.deliveries(incidentSubject(record.id)), await this.zones(record.clientId));
    return this.cardReply(record, people, now, lines);
  }

  /** The page-check timer: refresh the card with the pages' outcomes; a failed DM is said in the thread. */
  async checkPages(payload: Record<string, unknown>, ctx: JobContext): Promise<Outgoing[]> {
    const id = String(payload.subject ?? "").replace(/^incident:/, "");
    // Locked: an acknowledgement made while this runs waits, and its card comes after this one.
    const record = await this.deps.incidents.get(id, { lock: true });
    if (!record) return [];
    const people = await this.deps.people.ofClient(record.clientId);
    return checkPage(this.deps, INCIDENT_PAGE_CHECK, payload, ctx, async () => [{ op: "update", key: incidentCardKey(record.id), reply: await this.liveCard(record, people, ctx.now) }]);
  }

  /** Below sev-1 only: sev-1 rings whatever the hour, and a drill rings nobody. */
  private async afterHours(record: IncidentRecord, now: Date): Promise<boolean> {
    if (record.state.severity === 1 || record.state.drill) return true;
    return !(await this.deps.businessHours(record.clientId, now));
  }

  private async zones(clientId: string): Promise<Zones> {
    return (await this.deps.zones?.(clientId).catch(() => undefined)) ?? { zone: "UTC" };
  }

  async scheduleTimer(record: IncidentRecord): Promise<void> {
    const due = nextDueAt(record.state);
    if (!due) return;
    // One job per due instant: a key is never reused once its job ran, and scheduling the same instant twice is a no-op.
    await this.deps.jobs.schedule({ kind: INCIDENT_TIMER, key: `${INCIDENT_TIMER}:${record.id}:${due.toISOString()}`, runAt: due, payload: { incident: record.id } });
  }
}

/** Each name once: a person known on both platforms (or by the matrix and by chat) is paged once on the phone. */
const names = (people: readonly KnownPerson[]) => [...new Set(people.map((p) => p.name))];

export function findKnown(people: KnownPerson[], actor: Turn["actor"]): KnownPerson | undefined {
  return people.find((p) => p.actor.platform === actor.platform && p.actor.teamId === actor.teamId && p.actor.userId === actor.userId);
}
