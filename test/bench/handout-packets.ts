/**
 * Packet speed and memory: `kindred handouts --clients` on a CSV of N rows (default 25 and 100), each
 * row a couple with two or three worksheets, a session date and an appointment number. Prints the
 * wall time and the peak resident memory of the command (GNU time) for each N, so one can see that
 * time grows with the rows and memory does not. Target: 100 packets in at most 60 s on 2 cores.
 * Run: npx tsx test/bench/handout-packets.ts [N …]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SETS = ['check-in;love-languages', 'intimacy-assessment;reflection-journal', 'check-in;warning-signs;healthy-checklist', 'ritual-planner;device-free-tracker'];
const FIRST = ['Sam', 'Zoë', 'Jordan', 'Ana', 'Γιώργος', 'Linh', 'Chidi', 'Ole', 'Ирина', 'María'];
const LAST = ['Lee', 'Park', 'Nguyễn', 'Okafor', 'Müller', 'Søndergaard', 'Papadopoulos', 'Ruiz'];

function csv(rows: number): string {
  const lines = ['couple,partner_a,partner_b,session_date,worksheets,appointment'];
  for (let i = 0; i < rows; i++) {
    const a = `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`;
    const b = `${FIRST[(i + 3) % FIRST.length]} ${LAST[(i + 5) % LAST.length]}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`"${a} & ${b}",${a},${b},2026-03-${day},${SETS[i % SETS.length]},${(i % 6) + 1}`);
  }
  return `${lines.join('\n')}\n`;
}

for (const rows of (process.argv.slice(2).length ? process.argv.slice(2) : ['25', '100']).map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-bench-packets-'));
  writeFileSync(join(dir, 'clients.csv'), csv(rows));
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(ROOT, 'scripts', 'bin', 'kindred.js'), 'handouts', '--clients', join(dir, 'clients.csv'), '--out', join(dir, 'out')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  const peakKb = Number(run.stderr.trim().split('\n').at(-1));
  const written = readdirSync(join(dir, 'out', 'handouts')).length;
  console.log(`${rows} rows: ${written} packets in ${seconds.toFixed(1)} s (exit ${run.status}), peak memory of the command ${(peakKb / 1024).toFixed(0)} MB (Node; Chromium not counted)`);
  if (run.status !== 0) console.log(run.stderr.split('\n').slice(-8).join('\n'));
  rmSync(dir, { recursive: true, force: true });
}
