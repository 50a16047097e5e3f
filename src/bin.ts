#!/usr/bin/env node
// The `bb-vars` executable (dist/bin.mjs): runs the CLI on this process's arguments and streams.
import { main } from './cli/index.ts';
import { processIO } from './cli/io.ts';

process.exitCode = await main(process.argv.slice(2), processIO());
