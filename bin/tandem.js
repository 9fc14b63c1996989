#!/usr/bin/env node
// `tandem` command: the compiled CLI (npm run build writes dist/). In development, `npm run tandem -- ...` runs
// the TypeScript directly.
const path = require("node:path");
const fs = require("node:fs");
const main = path.join(__dirname, "../dist/cli/main.js");
if (!fs.existsSync(main)) {
  process.stderr.write("tandem: not built yet. Run \"npm run build\" first (or \"npm run tandem -- <command>\" in development).\n");
  process.exit(1);
}
const cli = require(main);
cli.runCli(process.argv.slice(2), cli.processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`tandem: ${(err && err.stack) || err}\n`);
    process.exitCode = 1;
  },
);
