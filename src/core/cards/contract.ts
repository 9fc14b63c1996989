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

/**
 * Buttons in order of importance: the first three stay in view, the rest go behind "...". Slack's overflow menu
 * needs two options or more, so with four buttons two stay in view and two go behind "...".
 */
export function actions(...buttons: (Button | null | undefined | false)[]): Actions {
  const all = buttons.filter((b): b is Button => !!b);
  const inView = all.length === MAX_PRIMARY + 1 ? MAX_PRIMARY - 1 : MAX_PRIMARY;
  return { primary: all.slice(0, inView), more: all.slice(inView) };
}

export const noActions = (): Actions => ({ primary: [], more: [] });

/** The same buttons on another copy of the card (e.g. a page's copy in a 1:1 chat), updated in place there. */
export function onCard(a: Actions, card: string): Actions {
  const move = (b: Button): Button => ("card" in b.data ? { ...b, data: { ...b.data, card } } : b);
  return { primary: a.primary.map(move), more: a.more.map(move) };
}
