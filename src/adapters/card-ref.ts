/** Cards posted before the button data field was renamed carry the card's key as `key`; it is `card` now. */
export function withCardRef(value: Record<string, string>): Record<string, string> {
  if (value.card || !value.key) return value;
  const { key, ...rest } = value;
  return { ...rest, card: key };
}
