// `tandem playbooks validate|list|import`: the severity-1 playbook files, shipped and per client.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { UsageError, type CliCommand, type CliIO } from "../command";
import { withDatabase } from "../database";
import { noWords, readFlags, table } from "../flags";
import { subcommands } from "../subcommands";
import { defaultPlaybookFiles, PrismaPlaybookLibrary } from "../../adapters/db/playbook-repo";
import { loadPlaybookSet, type PlaybookFile, type SourcedProblem } from "../../core/incidents/playbook-set";
import { parsePlaybook, type Playbook } from "../../core/incidents/playbook";

const USAGE = `Usage: tandem playbooks validate [FILE...]
       tandem playbooks list [--client ID]
       tandem playbooks import FILE... [--client ID]

Severity-1 incident playbooks (YAML). The shipped defaults live in prisma/seed/playbooks/; a client's imported
file with the same id replaces the default for that client, a new id adds a playbook.

  validate   checks the shipped defaults and the given files together; lists every problem (file, field, what is
             wrong) and exits 1 when there is any
  list       the playbooks a client can run, and where each comes from (default, override, client)
  import     stores the files for a client (default: the default client); nothing is stored if any file has a
             problem

Options:
  --client ID  the client (default: DEFAULT_CLIENT_ID, "demo")
  -h, --help   show this help

Exit codes: 0 done, 1 problems in a file (or the database), 2 bad flag.`;

export const playbooksCommand: CliCommand = {
  name: "playbooks",
  summary: "Validate, list and import severity-1 incident playbooks",
  usage: USAGE,
  run: subcommands("playbooks", {
    validate: async (args, io) => validate(readFlags(args, {}).words, io),
    list: async (args, io) => {
      const f = readFlags(args, { client: "string" });
      noWords(f.words);
      return list(f.values.client, io);
    },
    import: async (args, io) => {
      const f = readFlags(args, { client: "string" });
      if (f.words.length === 0) throw new UsageError("import needs at least one playbook file");
      return importFiles(f.words, f.values.client, io);
    },
  }),
};

async function readFiles(files: string[]): Promise<PlaybookFile[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { source: file, text: await readFile(file, "utf8") };
      } catch (err) {
        throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
      }
    }),
  );
}

function printProblems(problems: SourcedProblem[], io: CliIO): void {
  for (const p of problems) io.stderr(`${relative(p.source)}: ${p.path}: ${p.message}\n`);
}

// Files under the working folder read shorter relative to it; anything else keeps the path as given.
const relative = (file: string) => {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
};

async function validate(files: string[], io: CliIO): Promise<number> {
  const defaults = defaultPlaybookFiles();
  const given = await readFiles(files);
  const { set, problems } = loadPlaybookSet(defaults, given);
  if (problems.length > 0) {
    printProblems(problems, io);
    io.stderr(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${new Set(problems.map((p) => p.source)).size} file(s).\n`);
    return 1;
  }
  io.stdout(`OK: ${defaults.length} shipped playbook(s)${given.length ? ` and ${given.length} given file(s)` : ""} are valid (${set.playbooks.map((p) => p.id).join(", ")}).\n`);
  return 0;
}

async function list(clientArg: string | undefined, io: CliIO): Promise<number> {
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientArg ?? defaultClient;
    const set = await new PrismaPlaybookLibrary(db.prisma).playbooksFor(clientId);
    io.stdout(
      table(
        ["ID", "NAME", "SEV", "STEPS", "ORIGIN"],
        set.playbooks.map((p) => [p.id, p.name, String(p.severity), String(p.steps.length), set.origins[p.id]]),
      ),
    );
    return 0;
  });
}

async function importFiles(files: string[], clientArg: string | undefined, io: CliIO): Promise<number> {
  const read = await readFiles(files);
  const parsed: { playbook: Playbook; source: string }[] = [];
  const problems: SourcedProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of read) {
    const r = parsePlaybook(file.text, file.source);
    if (!r.ok) {
      problems.push(...r.problems.map((p) => ({ ...p, source: file.source })));
      continue;
    }
    const earlier = seen.get(r.playbook.id);
    if (earlier) problems.push({ source: file.source, path: "id", message: `playbook id '${r.playbook.id}' is also used by ${earlier}` });
    seen.set(r.playbook.id, file.source);
    parsed.push({ playbook: r.playbook, source: file.text });
  }
  if (problems.length > 0) {
    printProblems(problems, io);
    io.stderr("Nothing was imported. Fix the files and run the import again.\n");
    return 1;
  }
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = clientArg ?? defaultClient;
    const client = await db.prisma.client.findUnique({ where: { id: clientId } });
    if (!client) {
      if (clientArg && clientArg !== defaultClient) {
        io.stderr(`tandem playbooks: no client "${clientId}". Check the id (tandem audit shows clients in use).\n`);
        return 1;
      }
      await db.prisma.client.create({ data: { id: clientId, name: clientId } });
    }
    const library = new PrismaPlaybookLibrary(db.prisma);
    const shipped = new Set(library.shipped().playbooks.map((p) => p.id));
    await library.importForClient(clientId, parsed);
    for (const p of parsed) {
      io.stdout(`${p.playbook.id}: imported for ${clientId} (${shipped.has(p.playbook.id) ? "replaces the shipped default" : "new playbook"})\n`);
    }
    return 0;
  });
}
