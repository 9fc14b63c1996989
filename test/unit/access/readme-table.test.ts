import fs from "node:fs";
import path from "node:path";
import { accessTableMarkdown } from "../../../src/core/access/markdown";
import { allows, requireAccess, whoCan } from "../../../src/core/access/check";
import { PermissionDenied } from "../../../src/core/errors";

describe("the authorization table", () => {
  test("the README's table is the one in core (regenerate it from accessTableMarkdown() when the table changes)", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../../README.md"), "utf8");
    const m = /<!-- access-table:start -->\n([\s\S]*?)\n<!-- access-table:end -->/.exec(readme);
    expect(m?.[1]).toBe(accessTableMarkdown());
  });

  test("a refusal names who can do it, and tells a guest how to get a role", () => {
    const refusal = (roles: Parameters<typeof allows>[1]) => {
      try {
        requireAccess({ roles, client: { name: "Maple Ridge" } }, "ticket.reopen", { alsoWho: "the person who opened it" });
        return null;
      } catch (e) {
        return e as PermissionDenied;
      }
    };
    expect(refusal(["msp-tech"])).toBeNull();
    expect(refusal(["staff"])?.userMessage).toBe("Only internal IT, the MSP, a Tandem admin or the person who opened it can reopen a ticket. Ask one of them.");
    expect(refusal([])?.userMessage).toBe("Only internal IT, the MSP, a Tandem admin or the person who opened it can reopen a ticket. You have no role at Maple Ridge in Tandem: ask their IT team to add you.");
    expect(refusal([])?.permission).toBe("ticket.reopen");
    expect(whoCan(["staff", "admin"], "Acme")).toBe("people of Acme");
    expect(whoCan(["msp-lead", "admin"], "Acme")).toBe("the MSP lead or a Tandem admin");
  });
});
