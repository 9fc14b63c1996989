import { loadConfig } from "../config";
import { openDatabase, type Database } from "../adapters/db/connect";
import type { CliIO } from "./command";
import { noWords, readFlags } from "./flags";

/** Opens the same database the service uses (DATABASE_URL or the embedded one in DATA_DIR), migrated. */
export async function withDatabase<T>(env: NodeJS.ProcessEnv, fn: (db: Database, clientId: string) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  // With the service running on the embedded database, through the service (it stays the only writer).
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2, throughService: true, sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB });
  try {
    return await fn(db, config.DEFAULT_CLIENT_ID);
  } finally {
    await db.close();
  }
}

/** A client's settings (the client is made if it is new), for the commands that keep one part of them. */
export async function settingsOf(db: Database, clientId: string): Promise<Record<string, unknown>> {
  await db.prisma.client.upsert({ where: { id: clientId }, update: {}, create: { id: clientId, name: clientId } });
  const row = await db.prisma.client.findUniqueOrThrow({ where: { id: clientId } });
  return { ...((row.settings as Record<string, unknown> | null) ?? {}) };
}

/** `<command> off [--client ID]`: removes the client's `part` of its settings and says `said` of it. */
export async function settingOff(args: string[], io: CliIO, part: string, said: string): Promise<number> {
  const f = readFlags(args, { client: "string" });
  noWords(f.words);
  return withDatabase(io.env, async (db, defaultClient) => {
    const clientId = f.values.client ?? defaultClient;
    const { [part]: _gone, ...settings } = await settingsOf(db, clientId);
    await db.prisma.client.update({ where: { id: clientId }, data: { settings: settings as object } });
    io.stdout(`Client ${clientId}: ${said}\n`);
    return 0;
  });
}
