#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the project needs no compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
