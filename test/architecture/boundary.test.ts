import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";

// The house rules of architecture.md, proven by reading the sources: src/core imports nothing but src/core, node
// built-ins and pure libraries; vendor clients are constructed only where Tandem is composed.

const ROOT = path.resolve(__dirname, "../..");
const CORE = path.join(ROOT, "src/core");

/** Pure libraries src/core may use: no I/O, no SDK, no global state. */
const PURE_LIBRARIES = ["yaml", "luxon", "cron-parser", "zod", "@orama/orama", "@orama/stemmers", "@orama/stopwords", "mnemonist"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

interface ImportSite {
  spec: string;
  line: number;
}

/** Every module a file imports (import/export ... from, side-effect imports, require() and import()), as TypeScript reads them. */
export function importsOf(source: string): ImportSite[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map((f) => ({ spec: f.fileName, line: source.slice(0, f.pos).split("\n").length }));
}

const BUILTINS = new Set(builtinModules);
const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);

/** Why `spec`, imported by `file`, breaks the core boundary; undefined when it is allowed. */
export function coreImportProblem(file: string, spec: string): string | undefined {
  if (spec.startsWith(".")) {
    const target = path.resolve(path.dirname(file), spec);
    return target === CORE || target.startsWith(CORE + path.sep) ? undefined : `reaches outside src/core (${path.relative(ROOT, target)})`;
  }
  if (spec.startsWith("node:") || BUILTINS.has(spec)) return undefined;
  if (PURE_LIBRARIES.includes(packageOf(spec))) return undefined;
  return `imports the package "${packageOf(spec)}" (src/core may only use ${PURE_LIBRARIES.join(", ")} and node built-ins; put SDK and database code in src/adapters behind a port)`;
}

function coreViolations(files: { file: string; source: string }[]): string[] {
  return files.flatMap(({ file, source }) =>
    importsOf(source).flatMap(({ spec, line }) => {
      const problem = coreImportProblem(file, spec);
      return problem ? [`${path.relative(ROOT, file)}:${line}: "${spec}" ${problem}`] : [];
    }),
  );
}

describe("src/core boundary", () => {
  const files = sourceFiles(CORE).map((file) => ({ file, source: fs.readFileSync(file, "utf8") }));

  test("src/core imports only src/core, node built-ins and pure libraries", () => {
    expect(files.length).toBeGreaterThan(20);
    // The scan really sees imports (a broken pattern would find none and pass vacuously).
    expect(files.reduce((n, f) => n + importsOf(f.source).length, 0)).toBeGreaterThan(files.length);
    expect(coreViolations(files)).toEqual([]);
  });

  test("the checker catches SDKs, Prisma, the database, adapters and sneaky import forms", () => {
    const file = path.join(CORE, "tickets/example.ts");
    const source = [
      'import { App } from "@slack/bolt";',
      'import type { Activity } from "botbuilder";',
      'import { PrismaClient } from "@prisma/client";',
      'import { Prisma } from "../../generated/prisma/client";',
      'import type { Database } from "../../adapters/db/connect";',
      'export { helper } from "../../compose";',
      'import "pg";',
      'const lite = require("@electric-sql/pglite");',
      'const later = await import("adaptivecards-templating");',
      'import pino from "pino";',
      'import express from "express";',
      'import { Client } from "@microsoft/microsoft-graph-client";',
      'import {',
      '  thing,',
      '} from "prisma";',
      "// a comment that mentions import x from \"express\" is fine",
      'import { DateTime } from "luxon";',
      'import { z } from "zod";',
      'import fs from "node:fs";',
      'import { parse } from "../matrix/format";',
    ].join("\n");
    const found = coreViolations([{ file, source }]);
    expect(found.map((v) => /"([^"]+)"/.exec(v)![1])).toEqual([
      "@slack/bolt",
      "botbuilder",
      "@prisma/client",
      "../../generated/prisma/client",
      "../../adapters/db/connect",
      "../../compose",
      "pg",
      "@electric-sql/pglite",
      "adaptivecards-templating",
      "pino",
      "express",
      "@microsoft/microsoft-graph-client",
      "prisma",
    ]);
    // Line numbers point at the import (a multi-line import is reported where its module is named).
    expect(found.at(-1)).toMatch(/:15: "prisma"/);
  });
});

// Vendor clients: SDK objects that talk to the outside world or hold a connection.
const VENDOR_CLIENTS = [
  "CloudAdapter",
  // Tandem's CloudAdapter (authentication and the turn as two steps).
  "TeamsAdapter",
  "ConfigurationBotFrameworkAuthentication",
  "App",
  "ExpressReceiver",
  "HTTPReceiver",
  "WebClient",
  "PrismaClient",
  "PGlite",
  "Pool",
  "Client",
  "ConfidentialClientApplication",
  "ClientSecretCredential",
];
const CONSTRUCTION = new RegExp(`\\bnew\\s+(?:[\\w$]+\\.)?(${VENDOR_CLIENTS.join("|")})\\s*\\(|\\bClient\\.(init|initWithMiddleware)\\s*\\(`, "g");

/**
 * Where vendor clients may be made: the composition root, the CLI (its own composition root), and the one factory
 * per adapter that the composition root calls. Everything else receives what it needs.
 */
const CONSTRUCTION_ALLOWED: Record<string, string[]> = {
  "src/compose.ts": VENDOR_CLIENTS,
  "src/main.ts": VENDOR_CLIENTS,
  "src/adapters/db/connect.ts": ["PrismaClient", "Pool"],
  "src/adapters/db/pglite.ts": ["PGlite"],
  "src/adapters/teams/auth.ts": ["TeamsAdapter", "ConfigurationBotFrameworkAuthentication"],
  "src/adapters/slack/app.ts": ["App", "ExpressReceiver"],
  "src/adapters/graph/client.ts": ["Client"],
};

function constructionViolations(files: { rel: string; source: string }[]): string[] {
  return files.flatMap(({ rel, source }) => {
    if (rel.startsWith("src/cli/")) return [];
    return [...source.matchAll(CONSTRUCTION)].flatMap((m) => {
      const name = m[1] ?? `Client.${m[2]}`;
      const allowed = CONSTRUCTION_ALLOWED[rel] ?? [];
      if (allowed.includes(name) || (name.startsWith("Client.") && allowed.includes("Client"))) return [];
      const line = source.slice(0, m.index).split("\n").length;
      return [`${rel}:${line}: constructs ${name}; make it in src/compose.ts (or the adapter's factory) and inject it`];
    });
  });
}

describe("vendor clients are made only where Tandem is composed", () => {
  const files = sourceFiles(path.join(ROOT, "src")).map((file) => ({ rel: path.relative(ROOT, file).split(path.sep).join("/"), source: fs.readFileSync(file, "utf8") }));

  test("no file outside the composition root, the CLI and the adapter factories constructs one", () => {
    expect(constructionViolations(files)).toEqual([]);
  });

  test("every allowed factory exists and really constructs what it is allowed to (the list stays honest)", () => {
    for (const [rel, names] of Object.entries(CONSTRUCTION_ALLOWED)) {
      const source = fs.readFileSync(path.join(ROOT, rel), "utf8");
      if (names === VENDOR_CLIENTS) continue;
      const made = new Set([...source.matchAll(CONSTRUCTION)].map((m) => m[1] ?? "Client"));
      for (const name of names) expect(`${rel}: ${made.has(name) ? name : "(missing) " + name}`).toBe(`${rel}: ${name}`);
    }
  });

  test("the check catches a client made inside a feature or a repository", () => {
    const found = constructionViolations([
      { rel: "src/adapters/db/tickets-repo.ts", source: "const prisma = new PrismaClient();" },
      { rel: "src/adapters/slack/sender.ts", source: "const c = new WebClient(token);\nconst d = new slack.WebClient(t);" },
      { rel: "src/adapters/graph/directory.ts", source: "const g = Client.initWithMiddleware({ authProvider });" },
      { rel: "src/adapters/db/connect.ts", source: "const c = new CloudAdapter(auth);" },
      { rel: "src/cli/commands/people.ts", source: "const prisma = new PrismaClient();" },
      { rel: "src/adapters/cards/render.ts", source: "const t = new ACData.Template(card);" },
    ]);
    expect(found).toEqual([
      expect.stringMatching(/^src\/adapters\/db\/tickets-repo\.ts:1: constructs PrismaClient/),
      expect.stringMatching(/^src\/adapters\/slack\/sender\.ts:1: constructs WebClient/),
      expect.stringMatching(/^src\/adapters\/slack\/sender\.ts:2: constructs WebClient/),
      expect.stringMatching(/^src\/adapters\/graph\/directory\.ts:1: constructs Client\.initWithMiddleware/),
      expect.stringMatching(/^src\/adapters\/db\/connect\.ts:1: constructs CloudAdapter/),
    ]);
  });
});

// Microsoft archived the Bot Framework SDK: a later move to the Microsoft 365 Agents SDK must be a change to one folder.
const TEAMS_SDK = ["botbuilder", "botbuilder-core", "botframework-connector", "botframework-schema", "@microsoft/agents-hosting", "@microsoft/teams-ai"];
const TEAMS_FOLDER = "src/adapters/teams/";

function teamsSdkViolations(files: { rel: string; source: string }[]): string[] {
  return files.flatMap(({ rel, source }) =>
    rel.startsWith(TEAMS_FOLDER)
      ? []
      : importsOf(source).flatMap(({ spec, line }) => (TEAMS_SDK.includes(packageOf(spec)) ? [`${rel}:${line}: imports "${spec}"; only ${TEAMS_FOLDER} may`] : [])),
  );
}

describe("the Teams SDK stays in src/adapters/teams", () => {
  test("no file elsewhere in src imports botbuilder or botframework-*", () => {
    const files = sourceFiles(path.join(ROOT, "src")).map((file) => ({ rel: path.relative(ROOT, file).split(path.sep).join("/"), source: fs.readFileSync(file, "utf8") }));
    // The folder really uses the SDK (so the rule is about something).
    expect(files.some((f) => f.rel.startsWith(TEAMS_FOLDER) && /from "botbuilder"/.test(f.source))).toBe(true);
    expect(teamsSdkViolations(files)).toEqual([]);
  });

  test("the check catches type-only and dynamic imports outside the folder", () => {
    expect(
      teamsSdkViolations([
        { rel: "src/compose.ts", source: 'import type { BotFrameworkAuthentication } from "botframework-connector";' },
        { rel: "src/adapters/db/references-repo.ts", source: 'const x = await import("botbuilder");' },
        { rel: "src/adapters/teams/bot.ts", source: 'import { CloudAdapter } from "botbuilder";' },
      ]),
    ).toEqual([expect.stringMatching(/^src\/compose\.ts:1: imports "botframework-connector"/), expect.stringMatching(/^src\/adapters\/db\/references-repo\.ts:1: imports "botbuilder"/)]);
  });
});
