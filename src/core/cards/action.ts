// A card button, defined once: its verb, the data it carries and the form it asks for. The card builders make
// buttons from a definition and the router dispatches on the same definition, so a verb is written once and a
// renamed or removed definition breaks the build, not a card in production.
import { z } from "zod";
import { DomainError } from "../errors";
import type { ActionEvent } from "../conversation/events";
import type { ActionSpec, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import type { Access } from "../access/table";

export const fieldSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(["text", "long-text", "choice"]),
  required: z.boolean(),
  placeholder: z.string(),
  maxLength: z.number(),
  /** Value the field starts with ("" for none; a choice's value). */
  value: z.string(),
  choices: z.array(z.object({ title: z.string(), value: z.string() })),
});
export type FormField = z.infer<typeof fieldSchema>;

/** What a person types before the button acts: a Teams Action.ShowCard, a Slack modal. */
export const formSchema = z.object({ title: z.string(), submit: z.string(), fields: z.array(fieldSchema) });
export type Form = z.infer<typeof formSchema>;

/** A button as card data: both platforms' templates draw it from these fields alone. */
export const buttonSchema = z.object({
  verb: z.string(),
  title: z.string(),
  /** Adaptive Cards' names; the Slack adapter maps them to Block Kit's. */
  style: z.enum(["default", "positive", "destructive"]),
  data: z.record(z.string(), z.string()),
  form: formSchema.nullable(),
});
export type Button = z.infer<typeof buttonSchema>;

/** A pick from a list that acts at once (Teams: a choice set and a button; Slack: a select menu). */
export const pickerSchema = z.object({
  verb: z.string(),
  title: z.string(),
  placeholder: z.string(),
  /** The name the chosen value arrives under, next to `data`. */
  field: z.string(),
  data: z.record(z.string(), z.string()),
  choices: z.array(z.object({ title: z.string(), value: z.string() })),
});
export type Picker = z.infer<typeof pickerSchema>;

type Shape = Record<string, z.ZodType<string | undefined>>;

export function form(title: string, submit: string, fields: FormField[]): Form {
  return { title, submit, fields };
}

export function field(id: string, label: string, opts: Partial<Omit<FormField, "id" | "label">> = {}): FormField {
  return { id, label, kind: "text", required: false, placeholder: "", maxLength: 500, value: "", choices: [], ...opts };
}

export interface ActionDef<D extends Shape = Shape> {
  verb: string;
  data: z.ZodObject<D>;
  form: Form | null;
  /** A button carrying `data`; `fields` pre-fill the form where the platform can (e.g. the current severity). */
  button(title: string, data: z.input<z.ZodObject<D>>, opts?: { style?: Button["style"]; fields?: Record<string, Pick<FormField, "value">> }): Button;
  /** A picker for this verb: the chosen value arrives under `field`. */
  picker(title: string, placeholder: string, field: string, data: z.input<z.ZodObject<D>>, choices: Picker["choices"]): Picker;
  /** The button's data and the form's fields from an action event, or a DomainError for a stale or forged button. */
  parse(value: Record<string, string>): z.output<z.ZodObject<D>> & Record<string, string | undefined>;
}

const everyDefinition = new Map<string, ActionDef>();

export function defineAction<D extends Shape>(verb: string, data: D, form: Form | null = null): ActionDef<D> {
  if (everyDefinition.has(verb)) throw new Error(`card action "${verb}" defined twice`);
  const schema = z.object(data);
  const def: ActionDef<D> = {
    verb,
    data: schema,
    form,
    button(title, values, opts = {}) {
      const filled = form && opts.fields ? { ...form, fields: form.fields.map((f) => ({ ...f, ...opts.fields![f.id] })) } : form;
      return { verb, title, style: opts.style ?? "default", data: clean(schema.parse(values)), form: filled };
    },
    picker(title, placeholder, fieldName, values, choices) {
      return { verb, title, placeholder, field: fieldName, data: clean(schema.parse(values)), choices };
    },
    parse(value) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new DomainError("stale-button", "That button is out of date. Ask again and use the new card.");
      const fields = Object.fromEntries((form?.fields ?? []).map((f) => [f.id, value[f.id]]));
      return { ...fields, ...parsed.data } as never;
    },
  };
  everyDefinition.set(verb, def as unknown as ActionDef);
  return def;
}

/** Strings only, without absent optional fields: what Teams data and Slack values carry. */
function clean(values: object): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** The router's side of a definition: its row in the authorization table, and the handler given the parsed data. */
export function onAction<D extends Shape>(
  def: ActionDef<D>,
  access: Access | ((value: Record<string, string>) => Access),
  run: (turn: Turn<ActionEvent>, data: ReturnType<ActionDef<D>["parse"]>) => Promise<Outgoing[]>,
): ActionSpec {
  return { verb: def.verb, access, run: (turn) => run(turn, def.parse(turn.event.value)) };
}

/** The form a verb asks for (the Slack adapter opens it as a modal). */
export function formOf(verb: string): Form | null {
  return everyDefinition.get(verb)?.form ?? null;
}

/** Every verb defined so far (a test checks each has a handler). */
export function definedVerbs(): string[] {
  return [...everyDefinition.keys()];
}

/** Button data fields: the card a button sits on, so the platform can update it in place. */
export const cardRef = z.string().min(1);
export const id = z.string().min(1);
export const optional = z.string().optional();
