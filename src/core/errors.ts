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

export class PermissionDenied extends DomainError {
  constructor(userMessage: string) {
    super("forbidden", userMessage);
    this.name = "PermissionDenied";
  }
}
