// Words of the `tandem` command line that chat does not do (or does under another name). Someone who types one in
// chat ("/tandem people add ...", "@Tandem audit") is told privately where it is, instead of "I didn't understand".
// Only the command's own shape counts (the word alone, one of its sub-commands, or a --flag), so a question that
// starts with the same word ("inbox is full in Outlook") is still a question.

interface ServerWord {
  /** Sub-commands of the word; the word alone and a --flag also count. */
  subs: string[];
  /** Said privately: what to do instead, in chat or on the server. */
  hint: (sub: string) => string;
}

const onServer = (what: string, command: string) =>
  `${what} is done on the server Tandem runs on, with its command line: \`${command}\` (\`tandem --help\` lists every command). Ask whoever runs Tandem if you cannot reach it.`;

const WORDS: Record<string, ServerWord> = {
  people: {
    subs: ["add", "list"],
    hint: () => onServer("Adding people and their roles", "tandem people add --platform slack|teams --team T --user U --roles internal-it"),
  },
  clients: { subs: ["add", "link", "list"], hint: () => onServer("Adding client companies and linking their channels", "tandem clients add|link|list") },
  audit: { subs: [], hint: () => onServer("Reading the audit log", "tandem audit [--refused] [--utc]") },
  outbox: { subs: ["list", "retry"], hint: () => onServer("Checking and re-sending outgoing messages", "tandem outbox list|retry") },
  inbox: { subs: ["list", "retry"], hint: () => onServer("Checking and retrying received events", "tandem inbox list|retry") },
  webhook: { subs: ["set", "show", "off"], hint: () => onServer("Sending ticket events to the PSA", "tandem webhook set|show|off") },
  paging: {
    subs: ["pagerduty", "webhook", "below-sev1", "show", "off"],
    hint: () => onServer("Setting up phone paging (PagerDuty, a webhook)", "tandem paging pagerduty|webhook|below-sev1|show|off"),
  },
  directory: { subs: ["consent"], hint: () => onServer("Letting Tandem read another tenant's out-of-office", "tandem directory consent add|list|remove") },
  manifest: { subs: ["teams"], hint: () => onServer("Building the Teams app package", "tandem manifest teams") },
  playbooks: {
    subs: ["list", "validate", "import"],
    hint: (sub) =>
      sub === "list" || sub === ""
        ? 'Say "incident playbooks" to see them here. Importing playbooks is done on the server: `tandem playbooks import FILE`.'
        : onServer("Checking and importing playbooks", `tandem playbooks ${sub} FILE`),
  },
  incidents: {
    subs: ["list", "export"],
    hint: (sub) =>
      sub === "export"
        ? 'Say "incident summary" in the incident\'s thread to see its summary here. As Markdown: `tandem incidents export ID` on the server.'
        : 'Say "incident list" to see the open incidents here. All incidents and drills, with durations: `tandem incidents list` on the server.',
  },
  hours: {
    subs: ["add", "warn"],
    hint: (sub) =>
      sub === "warn"
        ? onServer("Setting the block-hours warning line", "tandem hours warn PERCENT")
        : `Say "hours" to see the balance here. ${onServer("Recording a purchase of block hours", "tandem hours add HOURS")}`,
  },
  // Chat does these under "schedule": the standup and the QBR reminder are posted on their schedule.
  standup: {
    subs: [],
    hint: () => 'The weekly standup is posted in the channel on its schedule, with its agenda card: say "schedule list" to see when, or "schedule change standup tue 10:00" to move it.',
  },
  qbr: {
    subs: [],
    hint: () => 'The quarterly business review is announced in the channel ahead of its date: say "schedule list" to see it, or "schedule set qbr 2027-01-15" to set it.',
  },
  matrix: {
    subs: ["export", "diff", "history", "learned", "forget"],
    hint: (sub) => `Say "matrix" to see the matrix in force here. ${onServer(`The matrix's ${sub || "versions"}`, `tandem matrix ${sub || "history"}`)}`,
  },
};

/** The private pointer for a command-line word typed in chat, or null when the text is not one. */
export function serverWordHint(word: string, rest: string): string | null {
  // Own keys only: a typed "constructor" or "toString" is not a command-line word.
  const key = word.toLowerCase();
  const entry = Object.hasOwn(WORDS, key) ? WORDS[key] : undefined;
  if (!entry) return null;
  const first = rest.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (first === "" || first.startsWith("--")) return entry.hint("");
  return entry.subs.includes(first) ? entry.hint(first) : null;
}
