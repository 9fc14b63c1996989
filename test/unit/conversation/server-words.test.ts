import { serverWordHint } from "../../../src/core/conversation/server-words";

describe("command-line words typed in chat", () => {
  test("the word alone, a sub-command or a --flag is pointed to the command line", () => {
    expect(serverWordHint("people", "add --platform slack")).toContain("tandem people add");
    expect(serverWordHint("AUDIT", "")).toContain("tandem audit");
    expect(serverWordHint("audit", "--refused")).toContain("tandem audit");
    expect(serverWordHint("matrix", "history")).toContain("tandem matrix history");
  });

  test("the standup and the QBR, which chat runs on their schedule, point to the schedule command", () => {
    expect(serverWordHint("standup", "")).toContain('"schedule list"');
    expect(serverWordHint("qbr", "")).toContain('"schedule set qbr');
    expect(serverWordHint("standup", "moved to tuesday?")).toBeNull();
  });

  test("anything else is not one: a question that starts with the word, or a word every object has", () => {
    expect(serverWordHint("inbox", "is full and Outlook refuses mail")).toBeNull();
    expect(serverWordHint("hours", "")).toContain("hours"); // the balance itself is a chat command, matched before
    for (const w of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) expect(serverWordHint(w, "")).toBeNull();
  });
});
