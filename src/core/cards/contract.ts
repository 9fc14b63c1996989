// Building blocks of the card data contracts (one zod schema per card, next to the code that fills it).
import { z } from "zod";
import { buttonSchema, type Button } from "./action";

export const lineSchema = z.object({ text: z.string() });
export type Line = z.infer<typeof lineSchema>;

export const factSchema = z.object({ title: z.string(), value: z.string() });
export type Fact = z.infer<typeof factSchema>;

/** A card's buttons: at most three in view, the rest behind "..." (Adaptive Cards secondary, Slack overflow). */
export const actionsSchema = z.object({ primary: z.array(buttonSchema).max(3), more: z.array(buttonSchema).max(5) });
export type Actions = z.infer<typeof actionsSchema>;

export const MAX_PRIMARY = 3;

// A button row must read on a phone: a 340 px card leaves about 300 px for buttons. Labels are measured with a
// generous 8 px per character plus padding; "..." takes 48 px. Slack's overflow menu needs two options or more.
const ROW_PX = 300;
const MORE_PX = 48;
const GAP_PX = 8;
const buttonPx = (b: Button) => b.title.length * 8 + 28;

/** Buttons in order of importance: as many as fit a phone's row stay in view (three at most), the rest go behind "...". */
export function actions(...buttons: (Button | null | undefined | false)[]): Actions {
  const all = buttons.filter((b): b is Button => !!b);
  let inView = 0;
  let used = 0;
  while (inView < Math.min(MAX_PRIMARY, all.length)) {
    const next = used + (inView ? GAP_PX : 0) + buttonPx(all[inView]!);
    const rest = all.length - inView - 1;
    if (next + (rest > 0 ? GAP_PX + MORE_PX : 0) > ROW_PX && inView > 0) break;
    used = next;
    inView++;
  }
  if (all.length - inView === 1 && inView > 1) inView--;
  return { primary: all.slice(0, inView), more: all.slice(inView) };
}

export const noActions = (): Actions => ({ primary: [], more: [] });

/** The same buttons on another copy of the card (e.g. a page's copy in a 1:1 chat), updated in place there. */
export function onCard(a: Actions, card: string): Actions {
  const move = (b: Button): Button => ("card" in b.data ? { ...b, data: { ...b.data, card } } : b);
  return { primary: a.primary.map(move), more: a.more.map(move) };
}
