// Alerts forwarded from monitoring tools: the host's name says what kind of machine it is, and an RMM's own name says
// nothing once the alert's subject is known (a matrix often names the RMM under its servers category).
import { readAlert } from "../../../src/core/routing/alerts";
import { knowledge } from "../../../src/core/routing/knowledge";
import { routeQuestion } from "../../../src/core/routing/route";
import { testCategory, testMatrix } from "../../support/routing-fixtures";

const conceptsOf = (text: string) => [...(readAlert(text, knowledge())?.concepts.keys() ?? [])].map((c) => knowledge().concepts[c].id);

describe("alerts", () => {
  test("a workstation's host name makes a disk or CPU alert the computer's, a server's stays the server's", () => {
    for (const text of ["[Datto RMM] MNG-FD-PC01 — Disk C: 97% full", "[NinjaOne] Disk C: on MHH-LT-0412 has less than 5% free space", "[NinjaOne] DEN-WS-044 — CPU temperature above 95°C", "[Datto RMM] DESKTOP-7GH2K4Q low disk space"]) {
      expect(conceptsOf(text)).toContain("computer");
      expect(conceptsOf(text)).not.toContain("server");
    }
    for (const text of ["[Datto RMM] DEN-FS01 — Disk D: 97% full", "[PRTG] WS2019-FS01 disk space low", "[N-able] CBCU-VMH01 datastore DS02 usage 94%"]) {
      expect(conceptsOf(text)).toContain("server");
      expect(conceptsOf(text)).not.toContain("computer");
    }
  });

  test("an RMM named under the servers category does not pull a workstation's alert there", () => {
    const matrix = testMatrix([
      testCategory("servers", "Servers and monitoring", "Servers, storage and the Datto RMM monitoring of them.", ["server", "Datto RMM", "storage"], { owner: "msp" }),
      testCategory("workstations", "Workstations", "Desktops and laptops: hardware, slowness, disk space.", ["desktop", "laptop"], { owner: "internal" }),
      testCategory("backup", "Backup", "Backup jobs and restores.", ["backup", "restore"], { owner: "msp" }),
    ]);
    const first = (text: string) => {
      const d = routeQuestion(matrix, text);
      return d.decision === "answer" ? d.category?.id : d.choices[0];
    };
    expect(first("[Datto RMM] MNG-FD-PC01 — Disk C: 97% full")).toBe("workstations");
    expect(first("[Datto RMM] MNG-FS01 — Disk D: 97% full")).toBe("servers");
  });
});
