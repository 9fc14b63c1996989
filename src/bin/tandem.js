#!/usr/bin/env node
// `tandem` command: runs the TypeScript CLI through tsx (no build step).
require("tsx/cjs");
require("../cli/main.ts")
  .runCli(process.argv.slice(2), require("../cli/main.ts").processIO())
  .then((code) => {
    process.exitCode = code;
  });
