// Every card as people see it: the official adaptivecards renderer with Teams' light and dark host configs and a
// Block Kit rendering, at 480 and 340 px, in headless Chromium (the same renders as npm run cards:preview). Fails on
// a clipped button label (its rendered width against its text), a leftover "${", an empty section, or text
// under 4.5:1 contrast.
import { cardSamples } from "../support/card-samples";
import { renderAll, type Rendering } from "../preview/render-cards";

let renderings: Rendering[] = [];

beforeAll(async () => {
  renderings = await renderAll();
}, 240_000);

test("every card state is rendered on both platforms, both Teams themes and both widths", () => {
  expect(renderings).toHaveLength(cardSamples().length * 2 * 3);
});

test("no clipped button label, leftover ${, empty section or low-contrast text in any rendering", () => {
  const problems = renderings.filter((r) => r.problems.length).map((r) => `${r.card} (${r.variant}) ${r.platform} ${r.theme} ${r.width}px: ${r.problems.join("; ")}`);
  expect(problems).toEqual([]);
});

test("the clipped-label check sees a label its button cannot hold", async () => {
  const [ticket] = cardSamples().filter((s) => s.name === "ticket");
  const data = ticket!.data as any;
  const bad = {
    ...ticket!,
    data: {
      ...data,
      // Four long labels in view: the row cannot hold them at 340 px.
      actions: { primary: data.actions.primary.map((b: any) => ({ ...b, title: "A very long button label indeed" })), more: data.actions.more },
    },
  };
  const found = (await renderAll({ samples: [bad] })).filter((r) => r.width === 340).flatMap((r) => r.problems);
  expect(found.some((p) => p.startsWith("clipped button label"))).toBe(true);
}, 120_000);
