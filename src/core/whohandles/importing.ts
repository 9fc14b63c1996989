// An admin replaces the matrix from chat: attach the YAML in a 1:1 chat (or "matrix import <url>"), read the
// changes on a confirmation card, then Apply or Cancel. The pending file waits in the database for an hour.
import { WHOHANDLES_ACTIONS } from "./buttons";
import { randomUUID } from "node:crypto";
import { parse } from "yaml";
import { warmRouting } from "../routing/warm";
import { actorKey, type ActionEvent, type MessageEvent } from "../conversation/events";
import type { Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately, replyTo } from "../conversation/router";
import { DomainError } from "../errors";
import { requireAccess } from "../access/check";
import { formatProblems } from "../matrix/format";
import { effectiveDay, takesEffectAt } from "../matrix/effective";
import { checkImport, notHigherMessage, peopleFromMatrix } from "./import";
import { noActions } from "../cards/contract";
import { matrixImportCard, type MatrixImportCard } from "./cards";
import { actorName, postKeyed, type WhoHandlesDeps } from "./context";
import type { PendingImport } from "./ports";

export const IMPORT_EXPIRY_MINUTES = 60;
export const IMPORT_EXPIRE_JOB = "matrix-import-expire";
const MATRIX_FILE = /\.ya?ml$/i;

/** The table's matrix.import (a refusal is audited by the router); what an admin does is audited here. */
async function requireAdmin(deps: WhoHandlesDeps, turn: Turn, action: string): Promise<void> {
  requireAccess(turn, "matrix.import");
  await deps.audit.record({
    clientId: turn.client.id,
    actor: actorKey(turn.actor),
    action,
    outcome: "allowed",
    place: `${turn.event.channel.platform}:${turn.event.channel.id}`,
  });
}

async function download(deps: WhoHandlesDeps, what: string, get: () => Promise<string>): Promise<string> {
  try {
    return await get();
  } catch (err) {
    throw new DomainError("file-unreadable", `I could not download ${what}: ${(err as Error).message}. Try again, or import it with \`tandem matrix import FILE\`.`);
  }
}

/** A message with attached files: the first YAML file is a matrix to import. Null when nothing is attached. */
export async function importAttachment(deps: WhoHandlesDeps, turn: Turn): Promise<Outgoing[] | null> {
  const e = turn.event;
  if (e.kind !== "message" || !e.files?.length) return null;
  // Screenshots and other files are not an import: the message is then read as usual.
  const file = (e as MessageEvent).files!.find((f) => MATRIX_FILE.test(f.name) && f.url);
  if (!file) return null;
  await requireAdmin(deps, turn, "matrix-import-upload");
  const yaml = await download(deps, file.name, () => deps.files.attachment(e.channel.platform, file.url));
  return prepare(deps, turn, yaml);
}

export async function importFromUrl(deps: WhoHandlesDeps, turn: Turn, url: string): Promise<Outgoing[]> {
  await requireAdmin(deps, turn, "matrix-import-upload");
  if (!/^https?:\/\/\S+$/i.test(url)) {
    return [replyPrivately(turn, { text: "Usage: matrix import <https://... link to the YAML file>, or attach the file in a 1:1 chat with me." })];
  }
  const yaml = await download(deps, url, () => deps.files.url(url));
  return prepare(deps, turn, yaml);
}

async function prepare(deps: WhoHandlesDeps, turn: Turn, yaml: string): Promise<Outgoing[]> {
  const current = await deps.matrices.latest(turn.client.id);
  const check = checkImport(yaml, current?.matrix ?? null);
  // A download that is not a matrix at all (a web page, a metrics endpoint...) is refused without quoting it.
  if (!check.ok && !looksLikeMatrix(yaml)) {
    return [replyPrivately(turn, { text: "That is not a responsibility matrix file (YAML with version, parties and categories), so nothing was stored." })];
  }
  if (!check.ok) {
    const n = check.problems.length;
    return [replyTo(turn, { text: `That matrix file has ${n} problem${n === 1 ? "" : "s"}, so nothing was stored. Fix them and attach it again:\n${formatProblems(check.problems)}` })];
  }
  if (check.notHigher) return [replyTo(turn, { text: `${notHigherMessage(check.matrix.version, check.previousVersion!)} Nothing was stored.` })];
  const id = randomUUID();
  const key = `matrix-import:${id}`;
  const card = matrixImportCard({ matrix: check.matrix, previousVersion: check.previousVersion, changes: check.changes, id, key });
  const pending: PendingImport = { id, clientId: turn.client.id, yaml, version: check.matrix.version, requestedBy: actorKey(turn.actor), cardKey: key, card };
  await deps.pending.hold(pending, new Date(turn.now.getTime() + IMPORT_EXPIRY_MINUTES * 60_000));
  return [postKeyed(turn, { text: `${card.title}\n${check.changes.join("\n")}`, card: { name: "matrix-import", data: card } }, key)];
}

/** A YAML mapping with at least one of the matrix's top-level keys. */
function looksLikeMatrix(yaml: string): boolean {
  try {
    const doc = parse(yaml, { maxAliasCount: 100, uniqueKeys: false }) as unknown;
    return !!doc && typeof doc === "object" && !Array.isArray(doc) && ["version", "parties", "categories", "businessHours"].some((k) => k in doc);
  } catch {
    return false;
  }
}

function settled(pending: { card: MatrixImportCard; cardKey: string }, status: string): Outgoing {
  const data: MatrixImportCard = { ...pending.card, status, actions: noActions() };
  return { op: "update", key: pending.cardKey, reply: { text: `${pending.card.title} ${status}`, card: { name: "matrix-import", data } } };
}

type Held = PendingImport & { card: MatrixImportCard };

async function takePending(deps: WhoHandlesDeps, turn: Turn<ActionEvent>): Promise<Held | null> {
  const id = turn.event.value.id;
  return id ? ((await deps.pending.take(turn.client.id, id)) as Held | null) : null;
}

const GONE = "This import is no longer waiting: it was applied, cancelled or expired. Attach the file again to start over.";

export async function applyImport(deps: WhoHandlesDeps, turn: Turn<ActionEvent>): Promise<Outgoing[]> {
  await requireAdmin(deps, turn, WHOHANDLES_ACTIONS.applyImport.verb);
  const pending = await takePending(deps, turn);
  if (!pending) return [replyPrivately(turn, { text: GONE })];
  const current = await deps.matrices.latest(turn.client.id);
  const check = checkImport(pending.yaml, current?.matrix ?? null);
  if (!check.ok || check.notHigher) {
    const why = check.ok ? notHigherMessage(check.matrix.version, check.previousVersion!) : "the file no longer validates.";
    return [settled(pending, `Not applied: ${why}`)];
  }
  await deps.matrices.save(turn.client.id, check.matrix, pending.yaml, actorKey(turn.actor));
  // Indexed now rather than on the first question it answers (the stored copy is found by content).
  warmRouting([check.matrix]);
  const people = peopleFromMatrix(check.matrix, await deps.people.homes(turn.client.id));
  if (people.length) await deps.people.upsert(turn.client.id, people);
  const named = people.length ? ` ${people.length} named ${people.length === 1 ? "person" : "people"} got their roles.` : "";
  const dates = { effective: check.matrix.effective, timezone: check.matrix.businessHours.timezone };
  const answering = await deps.matrices.current(turn.client.id, turn.now);
  const when =
    takesEffectAt(dates) > turn.now
      ? `takes effect ${effectiveDay(dates, turn.now)}${answering && answering.version !== check.matrix.version ? `; version ${answering.version} answers until then` : ""}`
      : "is now in force";
  return [settled(pending, `Applied by ${actorName(turn)}: version ${check.matrix.version} ${when}.${named}`)];
}

export async function cancelImport(deps: WhoHandlesDeps, turn: Turn<ActionEvent>): Promise<Outgoing[]> {
  await requireAdmin(deps, turn, WHOHANDLES_ACTIONS.cancelImport.verb);
  const pending = await takePending(deps, turn);
  if (!pending) return [replyPrivately(turn, { text: GONE })];
  return [settled(pending, `Cancelled by ${actorName(turn)}: the matrix in force is unchanged.`)];
}

/** The durable timer: an hour without Apply, the card says so (the pending file goes with the job). */
export async function expireImport(payload: Record<string, unknown>): Promise<Outgoing[]> {
  const card = payload.card as MatrixImportCard | undefined;
  const key = typeof payload.cardKey === "string" ? payload.cardKey : null;
  return card && key ? [settled({ card, cardKey: key }, `Expired: not applied within ${IMPORT_EXPIRY_MINUTES} minutes. Attach the file again to import it.`)] : [];
}
