// Card buttons carry the card's key (Teams Action.Execute data, Slack button value). The key is bound on the server
// to where Tandem posted the card; a click that names a card posted in another conversation (a forged or copied
// button) is refused, so nobody can rewrite another channel's card, or another client's.
import { conversationKey, type ActionEvent } from "../conversation/events";
import { PermissionDenied } from "../errors";

/** Where Tandem posted (or is about to post) the card with this key: "platform:conversation id", or null. */
export interface CardPlaces {
  conversationOf(key: string): Promise<string | null>;
}

export async function requireCardHere(cards: CardPlaces, event: ActionEvent): Promise<void> {
  // The card key a feature acts on is the button data's (`card`); an adapter's messageKey is the same key. Both are
  // checked, so a platform path that leaves messageKey out cannot let a forged `card` through.
  for (const key of new Set([event.messageKey, event.value.card].filter((k): k is string => !!k))) await requireKeyHere(cards, event, key);
}

async function requireKeyHere(cards: CardPlaces, event: ActionEvent, key: string): Promise<void> {
  const posted = await cards.conversationOf(key);
  // A key Tandem never posted (a card answered inline, a list shown privately) is bound to nothing and can only
  // refresh the card that was clicked; a posted one must be here. A card sent as a direct message lives in the
  // 1:1 chat of the person it was sent to.
  const here = conversationKey(event.channel);
  const theirDm = `${event.actor.platform}:dm:${event.actor.teamId}:${event.actor.userId}`;
  if (posted !== null && posted !== here && !(event.channel.isDirect && posted === theirDm)) {
    throw new PermissionDenied("card.elsewhere", "That button belongs to a card in another conversation, so it can't be used here.");
  }
}
