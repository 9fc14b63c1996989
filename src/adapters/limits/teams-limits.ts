// What the Bot Connector accepts in one activity: 28 KB for a bot message, counted on the request as sent. Tandem
// measures the activity it builds and keeps room for what the sender adds around it (from, recipient,
// conversation, serviceUrl, channel data).
export const TEAMS_MAX_ACTIVITY_BYTES = 28 * 1024;
export const TEAMS_ENVELOPE_BYTES = 2 * 1024;

export function teamsActivityBytes(activity: object): number {
  return Buffer.byteLength(JSON.stringify(activity), "utf8");
}

/** Where an activity breaks Teams' limits (empty when Teams takes it). */
export function teamsBreaches(activity: object): string[] {
  const bytes = teamsActivityBytes(activity);
  const max = TEAMS_MAX_ACTIVITY_BYTES - TEAMS_ENVELOPE_BYTES;
  return bytes > max ? [`activity of ${bytes} bytes (at most ${max} before the envelope, ${TEAMS_MAX_ACTIVITY_BYTES} in all)`] : [];
}

/** The Bot Connector's answer to an activity too big to send: 413 with code MessageSizeTooBig. */
export function isTeamsSizeRejection(err: { statusCode?: number; code?: string; message?: string }): boolean {
  return err.statusCode === 413 || err.code === "MessageSizeTooBig" || /MessageSizeTooBig/.test(err.message ?? "");
}
