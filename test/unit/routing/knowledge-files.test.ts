// The knowledge folder is read from a checked JSON copy once it has been read from its YAML: the copy must say exactly
// what the YAML says, and an edited, broken or newly added file must be read from the YAML again.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

type Files = typeof import("../../../src/core/routing/knowledge-files");

let scratch: string;
let cacheDir: string;
let folder: string;

/** The reader as a new process loads it, with its copies kept in `cache`. */
function reader(cache: string): Files {
  process.env.TANDEM_KNOWLEDGE_CACHE_DIR = cache;
  let loaded: Files | undefined;
  jest.isolateModules(() => {
    loaded = require("../../../src/core/routing/knowledge-files") as Files;
  });
  return loaded!;
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "tandem-knowledge-"));
  cacheDir = join(scratch, "cache");
  folder = join(scratch, "knowledge");
  const { KNOWLEDGE_DIR } = reader(cacheDir);
  cpSync(KNOWLEDGE_DIR, folder, { recursive: true });
});

afterEach(() => {
  delete process.env.TANDEM_KNOWLEDGE_CACHE_DIR;
  rmSync(scratch, { recursive: true, force: true });
});

const copies = () => readdirSync(cacheDir).filter((f) => f.endsWith(".json"));

describe("knowledge files: the checked JSON copy", () => {
  it("says exactly what the YAML says, and is what the next process reads", () => {
    const first = reader(cacheDir);
    const fromYaml = first.readKnowledgeYaml(folder);
    expect(isDeepStrictEqual(first.readKnowledge(folder), fromYaml)).toBe(true);
    expect(copies()).toHaveLength(1);
    // The next reader takes the copy, not the YAML: a mark put into the copy shows up.
    const [name] = copies();
    const stored = JSON.parse(readFileSync(join(cacheDir, name), "utf8"));
    stored.kinds = { ...stored.kinds, "read-from-the-copy": [] };
    writeFileSync(join(cacheDir, name), JSON.stringify(stored));
    const again = reader(cacheDir).readKnowledge(folder);
    expect(again.kinds["read-from-the-copy"]).toEqual([]);
    expect(again.realWords).toBeInstanceOf(Set);
    expect(again.realWords.size).toBe(fromYaml.realWords.size);
  });

  it("reads an edited file from the YAML again and keeps one copy per folder", () => {
    reader(cacheDir).readKnowledge(folder);
    appendFileSync(join(folder, "real-words.en.txt"), "\nzzyzxword\n");
    const edited = reader(cacheDir).readKnowledge(folder);
    expect(edited.realWords.has("zzyzxword")).toBe(true);
    expect(copies()).toHaveLength(1);
  });

  it("reports a broken edit even when a copy of the earlier version exists", () => {
    reader(cacheDir).readKnowledge(folder);
    appendFileSync(join(folder, "products.yaml"), "\n  - name: Broken\n    is: no-such-kind\n");
    expect(() => reader(cacheDir).readKnowledge(folder)).toThrow(/products.yaml Broken: unknown kind "no-such-kind"/);
  });

  it("reads a new file added to the folder", () => {
    const before = reader(cacheDir).readKnowledge(folder);
    writeFileSync(join(folder, "glossary", "it.yaml"), "printer: [stampante]\n");
    const after = reader(cacheDir).readKnowledge(folder);
    expect(before.glossary.it).toBeUndefined();
    expect(after.glossary.it).toEqual({ printer: ["stampante"] });
  });

  it("merges a language's glossary parts (es.yaml and es.<part>.yaml) into one glossary", () => {
    writeFileSync(join(folder, "glossary", "es.extra.yaml"), "printer: [impresorita]\nzzyzx thing: [cosa zzyzx]\n");
    const files = reader(cacheDir).readKnowledge(folder);
    expect(files.glossary["es.extra"]).toBeUndefined();
    expect(files.glossary.es.printer).toEqual(expect.arrayContaining(["impresora", "impresorita"]));
    expect(files.glossary.es["zzyzx thing"]).toEqual(["cosa zzyzx"]);
  });

  it("falls back to the YAML when the copy cannot be read or written", () => {
    const first = reader(cacheDir);
    const expected = first.readKnowledgeYaml(folder);
    first.readKnowledge(folder);
    const [name] = copies();
    writeFileSync(join(cacheDir, name), "{ truncated");
    expect(isDeepStrictEqual(reader(cacheDir).readKnowledge(folder), expected)).toBe(true);
    // A cache folder that cannot be made (a file is in the way): read from the YAML, no error.
    const blocked = join(scratch, "not-a-folder");
    writeFileSync(blocked, "");
    expect(isDeepStrictEqual(reader(join(blocked, "cache")).readKnowledge(folder), expected)).toBe(true);
  });
});
