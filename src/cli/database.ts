import { loadConfig } from "../config";
import { openDatabase, type Database } from "../adapters/db/connect";

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
