import pino from "pino";

export type Logger = pino.Logger;

// Secrets and message bodies never reach logs above debug: redact the usual places they could appear.
const REDACT = [
  "password",
  "secret",
  "token",
  "authorization",
  "*.password",
  "*.secret",
  "*.token",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  'req.headers["x-slack-signature"]',
  "*.text",
  "*.body",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { svc: "tandem" }, redact: { paths: REDACT, censor: "[redacted]" } }, destination);
}
