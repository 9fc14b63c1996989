// Renders every card sample the way people see it: Teams cards with the official adaptivecards renderer under
// Teams' light and dark host configs, Slack cards as Block Kit, at 480 and 340 px, in headless Chromium. Each
// rendering is checked for what a reader would notice: a clipped button label, a leftover "${", an empty
// section, text below 4.5:1 contrast.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CardRenderer } from "../../src/adapters/cards/render";
import { cardSamples, type Sample } from "../support/card-samples";
import { BLOCK_KIT_CSS, blockKitHtml } from "./block-kit-html";
import { THEMES, type Theme } from "./host-configs";
import { CHROMIUM, CHROMIUM_FLAGS } from "../support/chromium";

export const WIDTHS = [480, 340] as const;
export { CHROMIUM };
const ROOT = path.resolve(__dirname, "../..");

export interface Rendering {
  card: string;
  variant: string;
  platform: "teams" | "slack";
  theme: Theme | "slack";
  width: number;
  problems: string[];
  png?: Buffer;
}

function serve(): Promise<{ url: string; close: () => Promise<void> }> {
  const files: Record<string, [string, string]> = {
    "/ac.js": [path.join(ROOT, "node_modules/adaptivecards/dist/adaptivecards.min.js"), "text/javascript"],
    "/ac.css": [path.join(ROOT, "node_modules/adaptivecards/dist/adaptivecards.css"), "text/css"],
  };
  const server = http.createServer((req, res) => {
    const f = files[req.url ?? ""];
    if (f) {
      res.writeHead(200, { "content-type": f[1] });
      res.end(fs.readFileSync(f[0]));
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html><head><meta charset='utf-8'><script src='/ac.js'></script></head><body></body></html>");
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

/** Debian's Chromium with a new, empty profile (removed again when the browser closes). */
export async function launch(opts: { deviceScaleFactor?: number } = {}): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (Debian: apt-get install -y chromium; .ci/run installs it)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS, deviceScaleFactor: opts.deviceScaleFactor ?? 1 });
  // Chromium may still be writing its profile as it exits: clean up best-effort, never fail a run on it.
  context.on("close", () => setTimeout(() => fs.rm(userDataDir, { recursive: true, force: true, maxRetries: 5 }, () => undefined), 200));
  return context;
}

const teamsCss = (theme: Theme) => {
  const b = THEMES[theme].button;
  return `
body{margin:0;background:${THEMES[theme].page};padding:12px}
#card{border-radius:6px;overflow:hidden}
.ac-pushButton{font-family:'Segoe UI','Noto Sans','DejaVu Sans',sans-serif;font-size:14px;font-weight:600;min-height:32px;padding:4px 12px;border-radius:4px;border:1px solid ${b.border};background:${b.bg};color:${b.fg};overflow:hidden;text-overflow:ellipsis;white-space:nowrap;cursor:pointer}
.ac-pushButton.style-positive{background:#5B5FC7;border-color:#5B5FC7;color:#FFFFFF}
.ac-pushButton.style-destructive{background:#C4314B;border-color:#C4314B;color:#FFFFFF}
.ac-pushButton > div{overflow:hidden;text-overflow:ellipsis}
.ac-input{font-family:inherit;font-size:14px}
`;
};

/** Teams' markdown in text blocks: bold, italics and lists, as Teams renders them. */
const MARKDOWN = `(text) => {
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const inline = (s) => esc(s).replace(/\\*\\*([^*]+)\\*\\*/g, "<strong>$1</strong>").replace(/(^|\\s)_([^_]+)_/g, "$1<em>$2</em>");
  const lines = text.split("\\n");
  const out = []; let list = null;
  for (const line of lines) {
    const ul = /^[-*] (.*)$/.exec(line), ol = /^\\d+\\. (.*)$/.exec(line);
    const kind = ul ? "ul" : ol ? "ol" : null;
    if (kind !== list) { if (list) out.push("</" + list + ">"); if (kind) out.push("<" + kind + " style='margin:0;padding-left:20px'>"); list = kind; }
    if (kind) out.push("<li>" + inline((ul || ol)[1]) + "</li>"); else out.push(inline(line) + "<br>");
  }
  if (list) out.push("</" + list + ">");
  return out.join("").replace(/<br>$/, "");
}`;

/** Runs in the page: what a reader would notice. */
const CHECKS = `() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const root = document.getElementById("card");
  if (root.innerText.includes("\${")) problems.push("leftover \${ in the text");
  for (const b of root.querySelectorAll(".ac-pushButton, .sk-button, .sk-select")) {
    if (!visible(b)) continue;
    const label = b.querySelector(".label, div") || b;
    const title = b.getAttribute("title") || b.getAttribute("aria-label") || b.innerText;
    if (label.scrollWidth > label.clientWidth + 1 || b.scrollWidth > b.clientWidth + 1) problems.push("clipped button label: " + JSON.stringify(title.trim()));
  }
  for (const t of root.querySelectorAll(".ac-textBlock, .sk-text, .sk-field, .sk-context")) {
    if (visible(t) && t.innerText.trim() === "") problems.push("empty text: " + t.className);
  }
  for (const c of root.querySelectorAll(".ac-container, .sk-section")) {
    if (visible(c) && c.innerText.trim() === "" && !c.querySelector("input, select, button, textarea")) problems.push("empty section");
  }
  const rgba = (s) => { const m = /rgba?\\(([^)]+)\\)/.exec(s); if (!m) return [0, 0, 0, 0]; const p = m[1].split(",").map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1); };
  const background = (el) => {
    const stack = [];
    for (let e = el; e; e = e.parentElement) stack.push(rgba(getComputedStyle(e).backgroundColor));
    let bg = [255, 255, 255, 1];
    for (const c of stack.reverse()) bg = over(c, bg);
    return bg;
  };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const seen = new Set();
  for (const el of root.querySelectorAll("*")) {
    if (!visible(el)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 4.5) {
      const text = el.textContent.trim().slice(0, 40);
      if (!seen.has(text)) { seen.add(text); problems.push("contrast " + ratio.toFixed(2) + ":1 for " + JSON.stringify(text)); }
    }
  }
  return problems;
}`;

async function renderTeams(page: Page, card: object, theme: Theme, width: number): Promise<void> {
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${teamsCss(theme)}</style></head><body><div id="card" style="width:${width}px"></div></body></html>`);
  await page.addScriptTag({ path: path.join(ROOT, "node_modules/adaptivecards/dist/adaptivecards.min.js") });
  await page.evaluate(
    ([json, hostConfig, md]) => {
      const AC = (window as any).AdaptiveCards;
      const toHtml = eval(md);
      AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
        result.outputHtml = toHtml(text);
        result.didProcess = true;
      };
      const c = new AC.AdaptiveCard();
      c.hostConfig = new AC.HostConfig(hostConfig);
      c.parse(json);
      document.getElementById("card")!.appendChild(c.render());
    },
    [card, THEMES[theme].hostConfig, MARKDOWN] as const,
  );
}

async function renderSlack(page: Page, blocks: any[], width: number): Promise<void> {
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#F8F8F8;padding:12px}${BLOCK_KIT_CSS}</style></head><body><div id="card" style="width:${width}px">${blockKitHtml(blocks)}</div></body></html>`);
}

/** Every sample, every platform, theme and width; with `screenshots`, a PNG of each. */
export async function renderAll(opts: { screenshots?: boolean; samples?: Sample[] } = {}): Promise<Rendering[]> {
  const renderer = new CardRenderer();
  const browser = await launch({ deviceScaleFactor: opts.screenshots ? 2 : 1 });
  const out: Rendering[] = [];
  try {
    const page = await browser.newPage();
    for (const s of opts.samples ?? cardSamples()) {
      const teams = renderer.render<object>("teams", s);
      const slack = renderer.render<{ blocks: any[] }>("slack", s).blocks;
      for (const width of WIDTHS) {
        const runs: [Rendering["platform"], Rendering["theme"], () => Promise<void>][] = [
          ["teams", "light", () => renderTeams(page, teams, "light", width)],
          ["teams", "dark", () => renderTeams(page, teams, "dark", width)],
          ["slack", "slack", () => renderSlack(page, slack, width)],
        ];
        for (const [platform, theme, draw] of runs) {
          await page.setViewportSize({ width: width + 24, height: 800 });
          await draw();
          const problems = (await page.evaluate(`(${CHECKS})()`)) as string[];
          const png = opts.screenshots ? await page.locator("#card").screenshot() : undefined;
          out.push({ card: s.name, variant: s.variant, platform, theme, width, problems, png });
        }
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}
