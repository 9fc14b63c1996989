// The playbooks one client can run: the shipped defaults, with that client's files replacing them by id.
import { parsePlaybook, type Playbook, type PlaybookProblem } from "./playbook";

/** One playbook file's text, named by where it came from (a path, or "client:acme/ransomware"). */
export interface PlaybookFile {
  source: string;
  text: string;
}

export type SourcedProblem = PlaybookProblem & { source: string };

export type PlaybookOrigin = "default" | "override" | "client";

export interface PlaybookSet {
  /** In default order, then client-only playbooks in file order. */
  playbooks: Playbook[];
  /** default: shipped as is; override: a client file replaced the default; client: only this client has it. */
  origins: Record<string, PlaybookOrigin>;
}

export interface PlaybookSetLoad {
  set: PlaybookSet;
  /** Files with problems are left out of the set; their problems are listed here. */
  problems: SourcedProblem[];
}

export function loadPlaybookSet(defaults: PlaybookFile[], overrides: PlaybookFile[] = []): PlaybookSetLoad {
  const problems: SourcedProblem[] = [];
  const parseAll = (files: PlaybookFile[]): Playbook[] => {
    const seen = new Map<string, string>();
    return files.flatMap((file) => {
      const result = parsePlaybook(file.text, file.source);
      if (!result.ok) {
        problems.push(...result.problems.map((p) => ({ ...p, source: file.source })));
        return [];
      }
      const earlier = seen.get(result.playbook.id);
      if (earlier !== undefined) {
        // Two files claiming one id would make "which one runs" depend on file order.
        problems.push({ source: file.source, path: "id", message: `playbook id '${result.playbook.id}' is also used by ${earlier}` });
        return [];
      }
      seen.set(result.playbook.id, file.source);
      return [result.playbook];
    });
  };
  return { set: buildPlaybookSet(parseAll(defaults), parseAll(overrides)), problems };
}

export function buildPlaybookSet(defaults: Playbook[], overrides: Playbook[] = []): PlaybookSet {
  const byId = new Map(overrides.map((p) => [p.id, p]));
  const origins: Record<string, PlaybookOrigin> = {};
  const playbooks = defaults.map((d) => {
    const o = byId.get(d.id);
    origins[d.id] = o ? "override" : "default";
    return o ?? d;
  });
  for (const o of overrides) {
    if (origins[o.id]) continue;
    origins[o.id] = "client";
    playbooks.push(o);
  }
  return { playbooks, origins };
}

export function getPlaybook(set: PlaybookSet, id: string): Playbook | null {
  return set.playbooks.find((p) => p.id === id) ?? null;
}

export interface PlaybookMatch {
  playbook: Playbook;
  score: number; // 0..1
}

/**
 * Playbooks matching what someone typed ("ransomware", "payments", "email compromise", "bec"), best first.
 * An exact id or alias scores 1; otherwise the share of the query's words found in the name, id or aliases.
 */
export function matchPlaybooks(set: PlaybookSet, query: string): PlaybookMatch[] {
  const q = normalise(query);
  if (!q) return [];
  const qWords = words(q);
  const matches = set.playbooks.map((playbook) => {
    const names = [playbook.id.replace(/-/g, " "), playbook.name, ...playbook.aliases].map(normalise);
    if (names.includes(q)) return { playbook, score: 1 };
    const vocabulary = names.flatMap(words);
    const hits = qWords.filter((w) => vocabulary.some((v) => sameWord(w, v))).length;
    // A word that only appears in aliases counts as much as one in the name: aliases are the users' own words.
    return { playbook, score: qWords.length === 0 ? 0 : (hits / qWords.length) * 0.9 };
  });
  return matches.filter((m) => m.score > 0).sort((a, b) => b.score - a.score);
}

/** The best match if it clearly fits: at least half the query's words, and not tied with another playbook. */
export function findPlaybook(set: PlaybookSet, query: string): Playbook | null {
  const exact = getPlaybook(set, query.trim());
  if (exact) return exact;
  const [best, second] = matchPlaybooks(set, query);
  if (!best || best.score < 0.45) return null;
  if (second && second.score === best.score) return null;
  return best.playbook;
}

const FILLER = new Set(["the", "a", "an", "is", "are", "of", "for", "our", "we", "have", "has", "playbook", "incident", "sev", "sev1", "1"]);

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

function words(s: string): string[] {
  return s.split(" ").filter((w) => w && !FILLER.has(w));
}

/** "payments" matches "payment", "encrypted" matches "encryption": equal words, or words of 4+ letters sharing up to 6. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4) return false;
  const stem = Math.min(shorter, 6);
  return a.slice(0, stem) === b.slice(0, stem);
}
