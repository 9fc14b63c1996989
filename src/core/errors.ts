/**
 * A refusal the user should see: `code` is stable for programs and tests, `userMessage` is what a person reads
 * (in chat, in the CLI). Adapters show `userMessage`; they never need to parse `message`.
 */
export class DomainError extends Error {
  constructor(
    public code: string,
    public userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "DomainError";
  }
}
