// A small Block Kit renderer: Slack blocks as HTML styled like Slack's light theme, for looking at Tandem's Slack
// cards next to the Teams ones and for the same checks (clipped labels, contrast, empty sections).
const esc = (s: string) => s.replace(/&(?!(amp|lt|gt);)/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const EMOJI: Record<string, string> = { ":warning:": "⚠️", ":rotating_light:": "🚨", ":speech_balloon:": "💬" };

/** Slack mrkdwn (already escaped by the card renderer) as HTML. */
export function mrkdwn(text: string): string {
  const lines = text.split("\n").map((line) => {
    const quote = line.startsWith(">") || line.startsWith("&gt;");
    let l = quote ? line.replace(/^(>|&gt;)/, "") : line;
    l = l.replace(/<(?!\/)([^>|]+)\|([^>]+)>/g, (_m, url: string, label: string) => `\u0000a href="${url}"\u0001${label}\u0000/a\u0001`);
    l = l.replace(/<(?![a-z/])/g, "&lt;");
    l = l.replace(/`([^`]+)`/g, "\u0000code\u0001$1\u0000/code\u0001");
    l = l.replace(/\*([^*\n]+)\*/g, "\u0000b\u0001$1\u0000/b\u0001").replace(/(^|\s)_([^_\n]+)_/g, "$1\u0000i\u0001$2\u0000/i\u0001");
    for (const [k, v] of Object.entries(EMOJI)) l = l.split(k).join(v);
    l = l.replace(/\u0000/g, "<").replace(/\u0001/g, ">");
    return quote ? `<span class="quote">${l}</span>` : l;
  });
  return lines.join("<br>");
}

const plain = (t: { text?: string } | undefined) => esc(String(t?.text ?? ""));

function element(e: any): string {
  switch (e.type) {
    case "button":
      return `<button class="sk-button ${e.style ?? ""}" title="${plain(e.text)}"><span class="label">${plain(e.text)}</span></button>`;
    case "overflow":
      return `<button class="sk-button overflow" title="More"><span class="label">⋯</span></button>`;
    case "static_select":
      return `<button class="sk-select" title="${plain(e.placeholder)}"><span class="label">${plain(e.placeholder)}</span> ▾</button>`;
    default:
      return "";
  }
}

function block(b: any): string {
  switch (b.type) {
    case "header":
      return `<div class="sk-block sk-header">${plain(b.text)}</div>`;
    case "section": {
      const text = b.text ? `<div class="sk-text">${mrkdwn(b.text.text)}</div>` : "";
      const fields = b.fields ? `<div class="sk-fields">${b.fields.map((f: any) => `<div class="sk-field">${mrkdwn(f.text)}</div>`).join("")}</div>` : "";
      const accessory = b.accessory ? `<div class="sk-accessory">${element(b.accessory)}</div>` : "";
      return `<div class="sk-block sk-section"><div class="sk-main">${text}${fields}</div>${accessory}</div>`;
    }
    case "context":
      return `<div class="sk-block sk-context">${b.elements.map((e: any) => `<span>${mrkdwn(e.text)}</span>`).join(" ")}</div>`;
    case "actions":
      return `<div class="sk-block sk-actions">${b.elements.map(element).join("")}</div>`;
    case "divider":
      return `<hr class="sk-divider">`;
    default:
      return `<div class="sk-block">${esc(JSON.stringify(b))}</div>`;
  }
}

export const BLOCK_KIT_CSS = `
.sk-message{font-family:Lato,'Noto Sans','DejaVu Sans',sans-serif;font-size:15px;line-height:1.47;color:#1D1C1D;background:#FFFFFF;padding:8px 16px;box-sizing:border-box}
.sk-block{margin:4px 0}
.sk-section{display:flex;gap:12px;align-items:flex-start}
.sk-main{flex:1;min-width:0;overflow-wrap:anywhere}
.sk-fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-top:4px}
.sk-context{font-size:13px;color:#616061}
.sk-header{font-size:18px;font-weight:900}
.sk-actions{display:flex;flex-wrap:wrap;gap:8px}
.sk-button,.sk-select{font:inherit;font-size:15px;font-weight:700;height:36px;padding:0 12px;border-radius:4px;border:1px solid #BBBABB;background:#FFFFFF;color:#1D1C1D;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:100%}
.sk-button .label,.sk-select .label{display:inline-block;max-width:100%;overflow:hidden;text-overflow:ellipsis;vertical-align:bottom}
.sk-button.primary{background:#007A5A;border-color:#007A5A;color:#FFFFFF}
.sk-button.danger{background:#C01343;border-color:#C01343;color:#FFFFFF}
.sk-select{font-weight:400}
.sk-divider{border:0;border-top:1px solid #DDDDDD;margin:8px 0}
.quote{display:inline-block;border-left:4px solid #DDDDDD;padding-left:8px}
a{color:#1264A3;text-decoration:none}
code{font-family:monospace;font-size:12px;color:#C01343;background:#F8F8F8;border:1px solid #DDDDDD;border-radius:3px;padding:0 3px}
`;

export function blockKitHtml(blocks: any[]): string {
  return `<div class="sk-message">${blocks.map(block).join("")}</div>`;
}
