#!/usr/bin/env node
// The `kindred` command: loads the CLI (see load.js for how) and runs it.
import { loadKindred } from './load.js';

const { main } = await loadKindred('cli');
process.exitCode = await main(process.argv.slice(2));
