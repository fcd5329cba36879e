/** After every test file: its temp folders (and Kindred's, from in-process builds) removed and its shared browser closed. */
import { afterAll } from 'vitest';
import { removeTempFolders } from '../../scripts/temp.ts';
import { closeSharedBrowser, removeTempDirs } from './cli.ts';

afterAll(async () => {
  await closeSharedBrowser();
  removeTempDirs();
  // Kindred's own temp root for this worker: workers are stopped with a signal, so its exit hook never runs.
  removeTempFolders();
});
