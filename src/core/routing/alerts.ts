// Alerts forwarded from monitoring tools ("[Veeam] Job 'Daily' finished with Failed"): the tool says what kind of
// thing is wrong, the alert's subject says more (an RMM alert about a disk is about the server, not the RMM).
import type { Knowledge } from "./knowledge";

export interface AlertReading {
  tool: string | null;
  /** Concept index -> weight. */
  concepts: Map<number, number>;
}

/** An opening that reads like a machine, not a person: "[Tool] ...", "ALERT:", "CRITICAL -". */
const ALERT_OPENING = /^\W{0,3}(?:\[[^\]]{2,40}\]|(?:alert|alarm|critical|warning|warn|error|failed|failure|resolved|down|offline)\b\s*[:\-–—|])/iu;

const TOOL_WEIGHT = 1.5;
const SUBJECT_WEIGHT = 2;

export function readAlert(text: string, knowledge: Knowledge): AlertReading | null {
  const head = text.slice(0, 300);
  const tool = knowledge.alerts.tools.find((t) => t.opening.test(head));
  if (!tool && !ALERT_OPENING.test(head)) return null;
  const concepts = new Map<number, number>();
  const add = (ids: number[], weight: number) => {
    for (const id of ids) concepts.set(id, Math.max(concepts.get(id) ?? 0, weight));
  };
  let subject = false;
  for (const rule of [...(tool?.patterns ?? []), ...knowledge.alerts.generic]) {
    if (rule.pattern.test(head)) {
      add(rule.concepts, SUBJECT_WEIGHT);
      subject = true;
    }
  }
  // A tool whose alerts are about many things (an RMM) says little once the subject is known.
  if (tool) add(tool.about, subject ? TOOL_WEIGHT / 2 : TOOL_WEIGHT);
  return { tool: tool?.tool ?? null, concepts };
}
