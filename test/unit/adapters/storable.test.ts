import { storable } from "../../../src/adapters/storable";

describe("storable: what PostgreSQL and Prisma cannot hold is cleaned, the rest left as it is", () => {
  test("NUL removed and lone surrogates replaced at any depth, in keys and values; valid pairs kept", () => {
    const dirty = { text: "a\u0000b", nested: [{ ["k\u0000"]: "x\ud800y" }, "ok 🙂"], n: 3, none: null, no: undefined };
    expect(storable(dirty)).toEqual({ text: "ab", nested: [{ k: "x\ufffdy" }, "ok 🙂"], n: 3, none: null, no: undefined });
    expect(storable("\udc00\ud83d\ude42\ud83d")).toBe("\ufffd🙂\ufffd");
  });

  test("the input is never changed; a clean value comes back as the same object, a dirty one as a copy", () => {
    const clean = { a: { b: ["c", 1] }, d: "é✓🙂" };
    expect(storable(clean)).toBe(clean);
    const dirty = { keep: { b: ["c"] }, fix: ["\u0000"] };
    const out = storable(dirty);
    expect(out).not.toBe(dirty);
    expect(out.keep).toBe(dirty.keep);
    expect(dirty.fix[0]).toBe("\u0000");
    expect(out.fix).toEqual([""]);
  });
});
