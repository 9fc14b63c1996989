import { CardRenderer } from "./src/adapters/cards/render";
import { cardSamples } from "./test/support/card-samples";
import { adaptiveCardProblems, slackBlockProblems } from "./test/support/cards";
const r = new CardRenderer();
for (const s of cardSamples()) {
  for (const p of ["teams", "slack"] as const) {
    try {
      const out: any = r.render(p, s);
      const probs = p === "teams" ? adaptiveCardProblems(out) : slackBlockProblems(out.blocks);
      console.log(p, s.name, s.variant, JSON.stringify(out).length, probs.length ? probs : "ok");
    } catch (e) { console.log(p, s.name, s.variant, "ERROR", (e as Error).message); }
  }
}
