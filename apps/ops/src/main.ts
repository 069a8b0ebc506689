#!/usr/bin/env node
import { run } from './cli.js';

// `pnpm ops -- token ...` passes the separator through.
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();
const code = await run(args, {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
});
process.exitCode = code;
