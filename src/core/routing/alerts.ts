// Alerts forwarded from monitoring tools ("[Veeam] Job 'Daily' finished with Failed"): the tool says what kind of
// thing is wrong, the alert's subject says more (an RMM alert about a disk is about the server, not the RMM).
import type { AlertTool, Knowledge } from "./knowledge";

export interface AlertReading {
  tool: string | null;
  /** Characters of the opening that only name the tool, when the alert's subject is known (0 otherwise). */
  toolOpening: number;
  /** Concept index -> weight. */
  concepts: Map<number, number>;
}

/** An opening that reads like a machine, not a person: "[Tool] ...", "ALERT:", "CRITICAL -". */
const ALERT_OPENING = /^\W{0,3}(?:\[[^\]]{2,40}\]|(?:alert|alarm|critical|warning|warn|error|failed|failure|resolved|down|offline)\b\s*[:\-–—|])/iu;

const TOOL_WEIGHT = 1.5;
const SUBJECT_WEIGHT = 2;

export function readAlert(text: string, knowledge: Knowledge): AlertReading | null {
  const head = text.slice(0, 300);
  let tool: AlertTool | undefined;
  let opening = 0;
  for (const t of knowledge.alerts.tools) {
    const named = t.opening.exec(head);
    if (named) {
      [tool, opening] = [t, named[0].length];
      break;
    }
  }
  if (!tool && !ALERT_OPENING.test(head)) return null;
  const concepts = new Map<number, number>();
  const add = (ids: number[], weight: number) => {
    for (const id of ids) concepts.set(id, Math.max(concepts.get(id) ?? 0, weight));
  };
  // The host's name says what kind of machine it is ("FD-PC01", "DESKTOP-7GH2K" a workstation): a disk filling up
  // there is the workstation's, not a server's.
  const host = knowledge.alerts.hosts.find((h) => h.pattern.test(head));
  const onHost = (ids: number[]) => (host === undefined ? ids : ids.map((id) => (host.instead.has(id) ? host.is : id)));
  let subject = false;
  for (const rule of [...(tool?.patterns ?? []), ...knowledge.alerts.generic]) {
    if (rule.pattern.test(head)) {
      add(onHost(rule.concepts), SUBJECT_WEIGHT);
      subject = true;
    }
  }
  // An RMM (a tool whose alerts are about anything it watches) says nothing more once the subject is known, neither
  // by what it is nor by its name; another tool says a little.
  const watcher = tool !== undefined && subject && tool.watcher;
  if (tool && !watcher) add(tool.about, subject ? TOOL_WEIGHT / 2 : TOOL_WEIGHT);
  return { tool: tool?.tool ?? null, toolOpening: watcher ? opening : 0, concepts };
}
