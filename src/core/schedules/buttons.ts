// The standup and QBR cards' buttons, defined once for the cards and the router.
import { cardRef, defineAction, field, form, id } from "../cards/action";

const onRun = { card: cardRef, run: id };

export const STANDUP_ACTIONS = {
  addItem: defineAction("standup.add-item", onRun, form("Add to the standup agenda", "Add", [field("item", "Agenda item", { required: true, maxLength: 300 })])),
  held: defineAction("standup.held", onRun),
  snooze: defineAction("standup.snooze", onRun),
};

export const QBR_ACTIONS = {
  calendar: defineAction("qbr.calendar", { card: cardRef, schedule: id, run: id }),
};
