/**
 * Inbound strings made storable before anything is written: PostgreSQL text/jsonb cannot hold U+0000, and
 * Prisma refuses a lone UTF-16 surrogate. Nothing legitimate in a chat message needs either.
 * Runs on every request: a value with nothing to clean is returned as it is (no copy); only the objects and
 * arrays on the way to a changed string are copied.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function storable<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === "string") return UNSTORABLE.test(value) ? value.replace(/\u0000/g, "").replace(LONE_SURROGATE, "\ufffd") : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const c = clean(v);
      if (c !== v) (copy ??= value.slice())[i] = c;
    });
    return copy ?? value;
  }
  if (value && typeof value === "object") {
    let changed = false;
    const entries = Object.entries(value).map(([k, v]) => {
      const ck = clean(k) as string;
      const cv = clean(v);
      if (ck !== k || cv !== v) changed = true;
      return [ck, cv] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}
