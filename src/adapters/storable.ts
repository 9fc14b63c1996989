/**
 * Inbound strings made storable before anything is written: PostgreSQL text/jsonb cannot hold U+0000, and
 * Prisma refuses a lone UTF-16 surrogate. Nothing legitimate in a chat message needs either.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function storable<T>(value: T): T {
  if (typeof value === "string") return value.replace(/\u0000/g, "").replace(LONE_SURROGATE, "\ufffd") as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)])) as T;
  }
  return value;
}
