// `tandem ask`: "who handles this?" from a matrix file, no database. Contract: design note matrix-format.md.
import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { UsageError, type CliCommand, type CliIO } from "../command";
import { readFlags } from "../flags";
import { formatProblems, parseMatrix } from "../../core/matrix/format";
import type { Matrix } from "../../core/matrix/model";
import { sideLabel } from "../../core/matrix/owner-now";
import { answerQuestion, type AskAnswer } from "../../core/whohandles/answer";

export { answerQuestion, type AskAnswer };

const USAGE = `Usage: tandem ask --matrix FILE [--at ISO-8601] [--json] ["question text"]

Answers "who handles this?" from a matrix file: the category, who has it at that moment, the backup and the
escalation path. Without a question, reads questions from stdin, one per line (blank lines are skipped).

Options:
  --matrix FILE   the matrix YAML file to answer from (required)
  --at ISO        the moment to answer for, e.g. 2026-09-08T19:00:00-04:00 (default: now); a time without an
                  offset is read in the matrix time zone
  --json          one JSON object per question, one per line, nothing else on stdout
  -h, --help      show this help

Exit codes: 0 answered (also when the matrix names nothing that fits), 1 bad matrix file, 2 bad flag.`;

interface AskOptions {
  matrixPath: string;
  at?: string;
  json: boolean;
  question?: string;
}

export function parseAskArgs(args: string[]): AskOptions {
  const f = readFlags(args, { matrix: "string", at: "string", json: "boolean" });
  if (!f.values.matrix) throw new UsageError("--matrix FILE is required");
  const at = f.values.at;
  if (at !== undefined && !DateTime.fromISO(at, { zone: "UTC" }).isValid) {
    throw new UsageError(`--at must be an ISO-8601 date-time such as 2026-09-08T10:00:00-04:00 (got "${at}")`);
  }
  return { matrixPath: f.values.matrix, at, json: f.values.json === true, question: f.words.length ? f.words.join(" ") : undefined };
}

function humanAnswer(matrix: Matrix, a: AskAnswer): string {
  const lines = [`"${a.text}"`];
  if (a.category === null) {
    lines.push(`  Not in the matrix: ${a.reason.replace(/^The matrix names nothing that fits: /, "")}`);
  } else {
    if (a.decision === "ask") lines.push(`  Not sure (confidence ${a.confidence.toFixed(2)}): one of ${a.choices.join(", ")}, something else, or not IT?`);
    lines.push(`  ${a.decision === "ask" ? "Best guess: " : ""}${a.categoryName} (${a.category}), confidence ${a.confidence.toFixed(2)}`);
    const who = a.owner === "joint" ? `${sideLabel("joint")}, ${sideLabel(a.leadSide!)} leads` : sideLabel(a.owner!);
    lines.push(`  Owner now: ${who} (${a.party}${a.contacts.length ? `: ${a.contacts.join(", ")}` : ""})`);
    lines.push(`  ${a.reason}`);
    lines.push(`  Backup: ${a.backup ? `${sideLabel(a.backup)} (${matrix.parties[a.backup].name})` : "none"}`);
    lines.push(`  Escalation: ${a.escalation}`);
  }
  if (a.alternatives.length) lines.push(`  ${a.category === null ? "Closest" : "Also possible"}: ${a.alternatives.join(", ")}`);
  return lines.join("\n");
}

async function loadMatrix(path: string, io: CliIO): Promise<Matrix | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    io.stderr(`tandem ask: cannot read matrix file ${path}: ${(error as Error).message}\n`);
    return undefined;
  }
  const parsed = parseMatrix(text);
  if (parsed.ok) return parsed.matrix;
  const n = parsed.problems.length;
  io.stderr(`tandem ask: ${path} is not a valid matrix file (${n} problem${n === 1 ? "" : "s"}):\n${formatProblems(parsed.problems)}\n`);
  return undefined;
}

export const askCommand: CliCommand = {
  name: "ask",
  summary: "Who handles this? Answer questions from a matrix file",
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseAskArgs(args);
    const matrix = await loadMatrix(options.matrixPath, io);
    if (!matrix) return 1;
    const at = options.at === undefined ? new Date() : DateTime.fromISO(options.at, { zone: matrix.businessHours.timezone }).toJSDate();
    const print = (answer: AskAnswer, first: boolean): void =>
      io.stdout(options.json ? `${JSON.stringify(answer)}\n` : `${first ? "" : "\n"}${humanAnswer(matrix, answer)}\n`);

    if (options.question !== undefined) {
      print(answerQuestion(matrix, options.question, at), true);
      return 0;
    }
    let first = true;
    for await (const line of io.stdinLines()) {
      const question = line.trim();
      if (question === "") continue;
      print(answerQuestion(matrix, question, at), first);
      first = false;
    }
    return 0;
  },
};
