// npm run cards:preview: every card from its typed sample, Teams light and dark at 480 and 340 px and Slack, as
// PNGs plus one gallery page (cards-preview/index.html). Lists what the render checks found.
import fs from "node:fs";
import path from "node:path";
import { renderAll, type Rendering } from "./render-cards";

const OUT = path.resolve(process.argv[2] ?? path.join(__dirname, "../../cards-preview"));

const fileOf = (r: Rendering) => `${r.card}--${r.variant}--${r.platform}-${r.theme === "slack" ? "light" : r.theme}-${r.width}.png`;

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const renderings = await renderAll({ screenshots: true });
  for (const r of renderings) fs.writeFileSync(path.join(OUT, fileOf(r)), r.png!);
  const groups = new Map<string, Rendering[]>();
  for (const r of renderings) groups.set(`${r.card} (${r.variant})`, [...(groups.get(`${r.card} (${r.variant})`) ?? []), r]);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Tandem cards</title><style>
body{font-family:sans-serif;background:#eee;margin:16px}h2{margin:32px 0 8px}.row{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}
figure{margin:0;background:#fff;padding:8px;border-radius:6px}figcaption{font-size:12px;color:#444;margin-bottom:4px}img{display:block}
.bad{color:#b00020;font-size:12px;max-width:480px}</style></head><body><h1>Tandem cards</h1>
${[...groups.entries()].map(([name, rs]) => `<h2>${esc(name)}</h2><div class="row">${rs
    .map((r) => `<figure><figcaption>${r.platform} ${r.theme} ${r.width}px</figcaption><img src="${fileOf(r)}" width="${r.width + 24}">${r.problems.map((p) => `<div class="bad">${esc(p)}</div>`).join("")}</figure>`)
    .join("")}</div>`).join("\n")}
</body></html>`;
  fs.writeFileSync(path.join(OUT, "index.html"), html);
  const problems = renderings.filter((r) => r.problems.length);
  for (const r of problems) console.log(`${r.card} (${r.variant}) ${r.platform} ${r.theme} ${r.width}px: ${r.problems.join("; ")}`);
  console.log(`${renderings.length} renderings of ${groups.size} card states in ${Math.round((Date.now() - started) / 1000)} s: ${OUT}/index.html; ${problems.length} with problems`);
  if (problems.length) process.exitCode = 1;
}

void main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
