import { spawn, type ChildProcess } from "node:child_process";
import { DIST_MAIN, ensureBuilt, REPO_ROOT } from "./build";

export { REPO_ROOT };

export interface TandemProcess {
  proc: ChildProcess;
  pid: number;
  url: string;
  /** Every stdout/stderr line so far (pino JSON lines and plain text). */
  lines: string[];
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs the built service (`node dist/main.js`, as in production: one process, so signals reach Tandem itself)
 * and resolves once it logs that it listens. PORT=0 unless given; the URL is read from the log (so LOG_LEVEL is info).
 */
// Children must not outlive the test process (e.g. when jest gives up on a test and exits).
const alive = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of alive) c.kill("SIGKILL");
});

export async function spawnTandem(env: Record<string, string>, opts: { timeoutMs?: number; /** Also wait for the warm-up after listening. */ warm?: boolean } = {}): Promise<TandemProcess> {
  ensureBuilt();
  const proc = spawn(process.execPath, [DIST_MAIN], {
    cwd: REPO_ROOT,
    // LOG_LEVEL info at least: the "listening" line carries the URL.
    // NODE_ENV=development and TEAMS_AUTH=off: development mode and its switch, as `npm start` sets them (these
    // tests post unsigned Teams activities).
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", HOST: "127.0.0.1", NODE_ENV: "development", TEAMS_AUTH: "off", ...env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  alive.add(proc);
  const lines: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    proc.on("exit", (code, signal) => {
      alive.delete(proc);
      resolve(code ?? signal ?? -1);
    }),
  );
  let onLine: (l: string) => void = () => undefined;
  for (const stream of [proc.stdout!, proc.stderr!]) {
    let buf = "";
    stream.on("data", (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        onLine(line);
      }
    });
  }
  const url = await new Promise<string>((resolve, reject) => {
    const limit = opts.timeoutMs ?? 90_000;
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`Tandem did not start within ${limit} ms:\n${lines.join("\n")}`));
    }, limit);
    let listening: string | undefined;
    onLine = (l) => {
      listening ??= /"url":"(http:[^"]+)".*"msg":"Tandem is listening"/.exec(l)?.[1];
      if (listening && (!opts.warm || l.includes('"msg":"warmed up"'))) {
        clearTimeout(timer);
        resolve(listening);
      }
    };
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Tandem exited (${code}) before listening:\n${lines.join("\n")}`));
    });
  });
  onLine = () => undefined;
  return { proc, pid: proc.pid!, url, lines, exited, kill: (signal) => void proc.kill(signal) };
}

/** Waits for a process to exit, killing it after `ms`. */
export async function stopTandem(p: TandemProcess, signal: NodeJS.Signals = "SIGTERM", ms = 15_000): Promise<number | string> {
  if (p.proc.exitCode !== null || p.proc.signalCode !== null) return p.exited;
  p.kill(signal);
  const timer = setTimeout(() => p.kill("SIGKILL"), ms);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}
