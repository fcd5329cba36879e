/** After every test file: its temp folders removed and its shared browser closed. */
import { afterAll } from 'vitest';
import { closeSharedBrowser, removeTempDirs } from './cli.ts';

afterAll(async () => {
  await closeSharedBrowser();
  removeTempDirs();
});
