/** Splits "escalate HL-42 2 printer on fire" into the command word and the rest. */
export function splitCommand(text: string): { word: string; rest: string } {
  const trimmed = text.trim().replace(/^\/+/, "");
  const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!m) return { word: "", rest: "" };
  return { word: m[1].toLowerCase(), rest: m[2].trim() };
}

/** Strips Teams <at>..</at> leftovers, Slack <@U123> mentions and surrounding whitespace. */
export function cleanAddressedText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
