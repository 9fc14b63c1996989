// Reading ticket references and command arguments typed in chat: "HL-42", "escalate HL-42 2 printer on fire",
// "log 30m HL-42 replaced toner".
import { parseDuration } from "./duration";
import { isSeverity, type Severity } from "./model";

/** The ticket number in "HL-42", "hl-42" or "#42" (another client's prefix is not ours). */
export function parseTicketRef(word: string, prefix: string): number | null {
  const w = word.trim().replace(/[.,;:!?)]+$/, "");
  const hash = /^#(\d+)$/.exec(w);
  if (hash) return Number(hash[1]);
  const m = /^([A-Za-z][A-Za-z0-9]*)-(\d+)$/.exec(w);
  if (m && m[1].toLowerCase() === prefix.toLowerCase()) return Number(m[2]);
  return null;
}

function severityWord(word: string, bare: boolean): Severity | null {
  const m = (bare ? /^(?:sev|s|p)?-?([1-4])$/i : /^(?:sev|s|p)-?([1-4])$/i).exec(word);
  const n = m ? Number(m[1]) : NaN;
  return isSeverity(n) ? n : null;
}

export type EscalateArgs =
  | { kind: "existing"; number: number; severity: Severity | null; reason: string }
  | { kind: "new"; text: string; severity: Severity | null }
  | { kind: "empty" };

/** "HL-42 [sev] [reason]" escalates a ticket; anything else is the text of a new one ("sev1 ..." sets its severity). */
export function parseEscalate(rest: string, prefix: string): EscalateArgs {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: "empty" };
  const number = parseTicketRef(words[0], prefix);
  if (number !== null) {
    let i = 1;
    let severity: Severity | null = null;
    if (words[1] && (severity = severityWord(words[1], true)) !== null) i = 2;
    if (words[i] && severity === null && /^sev$/i.test(words[i]) && words[i + 1] && (severity = severityWord(words[i + 1], true)) !== null) i += 2;
    return { kind: "existing", number, severity, reason: words.slice(i).join(" ") };
  }
  let severity: Severity | null = null;
  let i = 0;
  if ((severity = severityWord(words[0], false)) !== null) i = 1;
  else if (/^sev$/i.test(words[0]) && words[1] && (severity = severityWord(words[1], true)) !== null) i = 2;
  const text = words.slice(i).join(" ");
  return text ? { kind: "new", text, severity } : { kind: "empty" };
}

export interface LogArgs {
  number: number | null;
  minutes: number | null;
  note: string;
}

/** "30m HL-42", "HL-42 1h 15m fixed the scanner", "1.5h #42". */
export function parseLogTime(rest: string, prefix: string): LogArgs {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  let number: number | null = null;
  let minutes: number | null = null;
  const note: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const ref: number | null = number === null ? parseTicketRef(w, prefix) : null;
    if (ref !== null) {
      number = ref;
      continue;
    }
    if (minutes === null) {
      // "1h 15m" and "1 h" span two words.
      const two = words[i + 1] !== undefined ? parseDuration(`${w} ${words[i + 1]}`) : null;
      if (two !== null && !/^\d+$/.test(words[i + 1]) ) {
        minutes = two;
        i++;
        continue;
      }
      const one = parseDuration(w);
      if (one !== null) {
        minutes = one;
        continue;
      }
    }
    note.push(w);
  }
  return { number, minutes, note: note.join(" ") };
}

const POLITE = /^(please|pls|plz|thanks|thank you|ty)[.!]*$/i;
const noteOf = (rest: string) => (POLITE.test(rest.trim()) ? "" : rest.trim());

/**
 * After "ticket": "this" or "that" alone, or followed by a colon, dash or comma and a note ("ticket this: floor 2
 * too"), asks for the message whose thread this is to become a ticket. "ticket this laptop won't boot" is the text
 * of a new ticket, not that. Null when it is not "ticket this".
 */
export function parseTicketThis(rest: string): { note: string } | null {
  const m = /^(?:this|that)(?:\s+message)?(?:\s+(?:please|pls|plz))?(?:\s*$|\s*[:,;.!\u2013\u2014]+|\s+-+\s)([\s\S]*)$/i.exec(rest.trim());
  return m ? { note: noteOf(m[1]) } : null;
}

/** After "make" or "turn": "this a ticket", "this into a ticket", "that message a ticket", then an optional note. */
export function parseMakeTicket(rest: string): { note: string } | null {
  const m = /^(?:this|that|it)(?:\s+message)?\s+(?:into\s+)?an?\s+ticket(?:\s*$|[\s:,;.!\u2013\u2014-]+)([\s\S]*)$/i.exec(rest.trim());
  return m ? { note: noteOf(m[1]) } : null;
}
