// `import { build } from 'kindred'`: the programmatic API of scripts/api.ts (see README, "Kindred in a program").
import { loadKindred } from './load.js';

const api = await loadKindred('api');

export const build = api.build;
