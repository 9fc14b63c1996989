// `npm start` on a port another program already listens on: Tandem must say so and stop, not claim to listen.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawnTandem, stopTandem } from "../support/tandem-process";

describe("starting on a busy port (child process)", () => {
  let other: http.Server;
  let port: number;
  let dataDir: string;
  beforeAll(async () => {
    // Another program, answering /healthz like Tandem would.
    other = http.createServer((_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", () => r()));
    port = (other.address() as { port: number }).port;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-busy-port-"));
  });
  afterAll(async () => {
    await new Promise((r) => other.close(r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("exits non-zero with a message naming the port; never says it is listening; frees the data directory", async () => {
    const start = spawnTandem({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir });
    const failure = (await start.then(
      async (wronglyStarted) => {
        await stopTandem(wronglyStarted, "SIGKILL");
        return null;
      },
      (err: Error) => err,
    )) as Error | null;
    expect(failure).not.toBeNull();
    const output = failure!.message;
    expect(output).toMatch(/exited \(69\)/);
    expect(output).toContain(`Port ${port} is already in use`);
    expect(output).not.toContain("Tandem is listening");
    expect(output).not.toContain("Tandem is running on");
    // The embedded database was closed and its lock released: the next start (elsewhere) is not refused.
    expect(fs.existsSync(path.join(dataDir, "tandem.lock"))).toBe(false);
  }, 120_000);
});
