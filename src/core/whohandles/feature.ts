// "Who handles this?" in chat: commands, buttons and plain questions, wired to the handlers.
import type { ActionEvent } from "../conversation/events";
import type { Feature, Turn } from "../conversation/feature";
import type { Outgoing } from "../conversation/reply";
import { replyPrivately } from "../conversation/router";
import { onAction } from "../cards/action";
import { WHOHANDLES_ACTIONS as A } from "./buttons";
import { ask, askSide, choose, pick, showMatrix } from "./asking";
import type { WhoHandlesDeps } from "./context";
import { requireAccess } from "../access/check";
import { applyImport, cancelImport, importAttachment, importFromUrl } from "./importing";
import { serverWordHint } from "../conversation/server-words";

const SHOW_MATRIX = /^(show|see|view)( me)?( the)? (responsibility )?matrix\W*$/i;

async function matrixCommand(deps: WhoHandlesDeps, turn: Turn, args: string): Promise<Outgoing[]> {
  const [sub, ...rest] = args.trim().split(/\s+/);
  const word = (sub ?? "").toLowerCase();
  if (word === "" || word === "show") return showMatrix(deps, turn);
  if (word === "import") {
    const fromFiles = await importAttachment(deps, turn);
    return fromFiles ?? importFromUrl(deps, turn, rest.join(" ").replace(/^<(.+?)(\|.*)?>$/, "$1"));
  }
  const onServer = serverWordHint("matrix", args);
  return [replyPrivately(turn, { text: onServer ?? 'Usage: "matrix" shows the responsibility matrix; "matrix import <link>" (admins) replaces it.' })];
}

export function whoHandlesFeature(deps: WhoHandlesDeps): Feature {
  const action = (run: (d: WhoHandlesDeps, t: Turn<ActionEvent>) => Promise<Outgoing[]>) => (turn: Turn<ActionEvent>) => run(deps, turn);
  return {
    name: "who-handles",
    commands: [
      {
        name: "whohandles",
        aliases: ["who", "who-handles", "ask"],
        summary: "Who owns this right now, by the signed matrix (with backup, after hours and escalation)",
        usage: "who handles <question>",
        access: "whohandles.ask",
        run: (turn, args) => ask(deps, turn, args),
      },
      {
        name: "matrix",
        summary: "Show the responsibility matrix (admins: matrix import <link>, or attach the YAML in a 1:1 chat)",
        usage: "matrix",
        access: (args) => (/^import\b/i.test(args.trim()) ? "matrix.import" : "matrix.show"),
        run: (turn, args) => matrixCommand(deps, turn, args),
      },
    ],
    actions: [
      onAction(A.pick, "whohandles.ask", action(pick)),
      onAction(A.choose, "whohandles.ask", action(choose)),
      onAction(A.ask, "whohandles.ask", action(askSide)),
      onAction(A.showMatrix, "matrix.show", (turn) => showMatrix(deps, turn)),
      onAction(A.applyImport, "matrix.import", action(applyImport)),
      onAction(A.cancelImport, "matrix.import", action(cancelImport)),
    ],
    async onText(turn, text) {
      const upload = await importAttachment(deps, turn);
      if (upload) return upload;
      if (SHOW_MATRIX.test(text.trim())) {
        requireAccess(turn, "matrix.show");
        return showMatrix(deps, turn);
      }
      const direct = turn.event.channel.isDirect;
      // In a 1:1 chat every plain message is a question; in a channel, only a question addressed to Tandem.
      if (text.trim() && (direct || /\?\s*$/.test(text))) {
        requireAccess(turn, "whohandles.ask");
        return ask(deps, turn, text);
      }
      return null;
    },
  };
}
