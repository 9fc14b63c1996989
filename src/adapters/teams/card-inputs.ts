// Teams' side of card forms. Adaptive Cards need every input id to be unique in the whole card, and a card can hold
// several forms with a "note" field. Each form's inputs get ids "<field>~<n>", and its submit button carries n as
// `_form`; an invoke's data is turned back into plain field names here, so core sees `note`, never "note~2".

/** Fields this adapter adds (the template/contract test allows exactly these). */
export const TEAMS_INPUT_FIELDS = ["inputId"] as const;

const FORM = "_form";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function teamsCardData<T>(data: T): T {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObject(v)) return v;
    const out: Record<string, unknown> = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    const isButton = typeof v.verb === "string" && isObject(v.data);
    if (isButton && isObject(v.form)) {
      const id = String(++n);
      const form = v.form as { fields: { id: string }[] };
      out.form = { ...form, fields: form.fields.map((f) => ({ ...f, inputId: `${f.id}~${id}` })) };
      out.data = { ...(v.data as object), [FORM]: id };
    } else if (isButton && typeof v.field === "string") {
      const id = String(++n);
      out.inputId = `${v.field}~${id}`;
      out.data = { ...(v.data as object), [FORM]: id };
    }
    return out;
  };
  return walk(data) as T;
}

/** The fields of the form that was submitted, by their plain names; other forms' inputs are dropped. */
export function formValues(data: Record<string, string>): Record<string, string> {
  const form = data[FORM];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === FORM) continue;
    const m = /^(.+)~(\d+)$/.exec(k);
    if (!m) out[k] = v;
    else if (m[2] === form) out[m[1]!] = v;
  }
  return out;
}
