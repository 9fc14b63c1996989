// The who-handles and matrix cards' buttons, defined once for the cards and the router.
import { cardRef, defineAction, id, optional } from "../cards/action";

const onQuestion = { q: id, card: cardRef };

export const WHOHANDLES_ACTIONS = {
  pick: defineAction("whohandles-pick", onQuestion),
  /** Buttons carry `category`; the picker's choice arrives as `category` too (Slack's short option values may leave out the card). */
  choose: defineAction("whohandles-choose", { q: id, card: optional, category: optional }),
  ask: defineAction("whohandles-ask", { ...onQuestion, side: id }),
  showMatrix: defineAction("matrix-show", { card: optional }),
  applyImport: defineAction("matrix-import-apply", { id, card: cardRef }),
  cancelImport: defineAction("matrix-import-cancel", { id, card: cardRef }),
};
