// Reads the knowledge folder (concepts, products, alert formats, French and Spanish words) and checks its shape,
// so a mistake made while extending it is reported with the file and entry instead of silently ignored.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

// Bare numbers ("503", "8x8" is a string already) are terms too.
const term = z.union([z.string().min(1), z.number()]).transform(String);
const conceptSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  it: z.boolean().optional(),
  related: z.array(z.string()).optional(),
  en: z.array(term),
});
const productSchema = z.object({
  name: term,
  aka: z.array(term).optional(),
  is: z.string(),
  vendor: z.string().optional(),
});
const catalogueSchema = z.object({ kinds: z.record(z.string(), z.array(z.string())), products: z.array(productSchema) });
const patternSchema = z.object({ match: z.string(), concepts: z.array(z.string()) });
const alertsSchema = z.object({
  generic: z.array(patternSchema),
  tools: z.array(z.object({ tool: z.string(), names: z.array(term), about: z.array(z.string()), patterns: z.array(patternSchema).optional() })),
});
const languageSchema = z.record(z.string(), z.array(term));

export type ConceptFile = z.infer<typeof conceptSchema>;
export type ProductEntry = z.infer<typeof productSchema>;
export type AlertFormats = z.infer<typeof alertsSchema>;

export interface KnowledgeFiles {
  concepts: ConceptFile[];
  kinds: Record<string, string[]>;
  products: ProductEntry[];
  alerts: AlertFormats;
  /** Language code -> concept id -> phrases. */
  languages: Record<string, Record<string, string[]>>;
}

/** The folder shipped with Tandem (knowledge/ at the project root, beside src/ or dist/). */
export const KNOWLEDGE_DIR = resolve(__dirname, "../../../knowledge");

function read<T>(file: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(parse(readFileSync(file, "utf8")));
  if (!result.success) {
    const first = result.error.issues[0];
    throw new Error(`knowledge file ${file}: ${first.path.join(".")} ${first.message}`);
  }
  return result.data;
}

export function readKnowledge(dir: string = KNOWLEDGE_DIR): KnowledgeFiles {
  const yamlIn = (sub: string) => readdirSync(join(dir, sub)).filter((f) => f.endsWith(".yaml")).sort();
  const concepts = yamlIn("concepts").flatMap((f) => read(join(dir, "concepts", f), z.array(conceptSchema)));
  const catalogue = read(join(dir, "products.yaml"), catalogueSchema);
  const alerts = read(join(dir, "alerts.yaml"), alertsSchema);
  const languages: KnowledgeFiles["languages"] = {};
  for (const f of yamlIn("languages")) languages[f.replace(/\.yaml$/, "")] = read(join(dir, "languages", f), languageSchema);

  const ids = new Set(concepts.map((c) => c.id));
  const problems: string[] = [];
  const check = (id: string, where: string) => {
    if (!ids.has(id)) problems.push(`${where}: unknown concept "${id}"`);
  };
  for (const c of concepts) for (const r of c.related ?? []) check(r, `concepts/${c.id}.related`);
  for (const [kind, list] of Object.entries(catalogue.kinds)) for (const id of list) check(id, `products.yaml kinds.${kind}`);
  for (const p of catalogue.products) if (!catalogue.kinds[p.is]) problems.push(`products.yaml ${p.name}: unknown kind "${p.is}"`);
  for (const g of alerts.generic) g.concepts.forEach((id) => check(id, `alerts.yaml generic ${g.match}`));
  for (const t of alerts.tools) [...t.about, ...(t.patterns ?? []).flatMap((p) => p.concepts)].forEach((id) => check(id, `alerts.yaml ${t.tool}`));
  for (const [lang, map] of Object.entries(languages)) for (const id of Object.keys(map)) check(id, `languages/${lang}.yaml`);
  if (problems.length) throw new Error(`knowledge folder ${dir}:\n${problems.join("\n")}`);
  return { concepts, kinds: catalogue.kinds, products: catalogue.products, alerts, languages };
}
