// Card data inflated to and past the platforms' limits: every text people or playbooks supply made long (with
// characters that escaping lengthens), every list made long. Buttons, pickers, ids and links keep their shape,
// so the data still matches its card's contract.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isControl = (v: Record<string, unknown>) => typeof v.verb === "string" && isObject(v.data);
// Not display text: ids, links and values a button or picker carries back.
const KEPT = new Set(["url", "link", "card", "key", "q", "id", "value:choice"]);

/** `text` long, with "<", ">" and "&" (Slack escapes each to four or five characters). */
export function longText(length: number, seed = "Pasted log line: error <0x80070005> & retry failed"): string {
  let s = "";
  for (let i = 0; s.length < length; i++) s += `${seed} #${i}\n`;
  return s.slice(0, length);
}

export function inflate<T>(data: T, opts: { text?: number; items?: number } = {}): T {
  const text = opts.text ?? 6000;
  const items = opts.items ?? 40;
  // Lists are made long at their first level only (a list of lists of 40 would be far past any limit anyway).
  const walk = (v: unknown, key: string, inList: boolean): unknown => {
    if (typeof v === "string") return KEPT.has(key) || v === "" ? v : longText(text, v.slice(0, 40) || "x");
    if (Array.isArray(v)) {
      if (inList || v.length === 0 || !isObject(v[0]) || isControl(v[0])) return v.map((x) => walk(x, key, inList));
      const many = Array.from({ length: Math.max(items, v.length) }, (_, i) => v[i % v.length]);
      return many.map((x) => walk(x, key, true));
    }
    if (!isObject(v)) return v;
    if (isControl(v)) return v; // buttons and pickers: labels are Tandem's own, data is read back
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, inList)]));
  };
  return walk(data, "", false) as T;
}
