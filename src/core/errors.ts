/** An error a user can be told about: a stable code and a sentence for the chat or the command line. */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    public readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "DomainError";
  }
}

/** A refusal by the authorization table (core/access): the router audits it and answers privately. */
export class PermissionDenied extends DomainError {
  constructor(
    /** The table's permission id ("ticket.reopen"), or "card.elsewhere" for a card action from another conversation. */
    public readonly permission: string,
    userMessage: string,
  ) {
    super("forbidden", userMessage);
    this.name = "PermissionDenied";
  }
}
