// The shared, matrix-independent part: the compiled knowledge base and its typo dictionary, built once.
import { ConceptMatcher } from "./concepts";
import { TypoDictionary } from "./typo";
import { KNOWLEDGE_BASE } from "./vocabulary";

let compiled: { matcher: ConceptMatcher; typos: TypoDictionary } | undefined;

export function knowledge(): { matcher: ConceptMatcher; typos: TypoDictionary } {
  if (!compiled) {
    const matcher = new ConceptMatcher(KNOWLEDGE_BASE);
    compiled = { matcher, typos: new TypoDictionary(matcher.vocabulary) };
  }
  return compiled;
}
