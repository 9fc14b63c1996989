import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-tandem-signature";
export const TIMESTAMP_HEADER = "x-tandem-timestamp";
export const EVENT_HEADER = "x-tandem-event";
export const DELIVERY_HEADER = "x-tandem-delivery";

/** "sha256=<hex HMAC-SHA256 of the raw body with the client's secret>". */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** For receivers (and tests): constant-time check of a signature header against the raw body. */
export function verifySignature(secret: string, body: string, header: string | undefined | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
