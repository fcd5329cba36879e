/** User mistakes: a clear message naming file, line and column, exit code 1, no stack trace unless --verbose. */
import { describe, expect, it } from 'vitest';
import { kindred, kindredIn, sharedBrowser } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';
import { loadProject } from '../scripts/load-project.ts';

/** In this process: a user error is found before the browser starts, so none of these starts one. */
const build = (dir: string, ...extra: string[]) => kindredIn(['build', '--manuscript', dir, '--out', `${dir}/dist`, '--format', 'pdf', ...extra], { cwd: dir });

describe('bad input', () => {
  it('broken YAML names book.yaml with line and column', async () => {
    const dir = manuscript({ 'book.yaml': 'title: T\nauthor: [unclosed\ndescription: d\n', '01-one.md': '# One\n' });
    const result = await build(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: book\.yaml:\d+:\d+: YAML syntax error/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown book.yaml field is named with its line', async () => {
    const dir = manuscript({
      'book.yaml': 'title: T\nauthor: A\ndescription: d\nidentifier: x\ncolour: red\nchapters:\n  - 01-one.md\n',
      '01-one.md': '# One\n',
    });
    const result = await build(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('book.yaml:5:1: unknown field "colour"');
  });

  it('a malformed field says what is expected', async () => {
    const dir = manuscript({
      'book.yaml': 'title: T\nauthor: A\ndescription: d\nidentifier: x\ntrim: 9 by 12\nchapters:\n  - 01-one.md\n',
      '01-one.md': '# One\n',
    });
    const result = await build(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/book\.yaml:5:7: field "trim": unknown trim size/);
  });

  it('a missing chapter file names the line of book.yaml that lists it', async () => {
    const dir = manuscript({
      'book.yaml': 'title: T\nauthor: A\ndescription: d\nidentifier: x\nchapters:\n  - 01-one.md\n  - 02-two.md\n',
      '01-one.md': '# One\n',
    });
    const result = await build(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('book.yaml:7:5: chapter file not found: 02-two.md');
  });

  it('unknown block directives are errors at their line, every one reported at once', async () => {
    const dir = manuscript({ '01-one.md': '# One\n\nText.\n\n:::sidebar\nAside.\n:::\n\n::video{src="x.mp4"}\n' });
    const result = await build(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('01-one.md:5:1: unknown block directive ":::sidebar"');
    expect(result.stderr).toContain('01-one.md:9:1: unknown directive "::video"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows the stack trace only with --verbose', async () => {
    const dir = manuscript({ '01-one.md': '# One\n\n:::sidebar\nx\n:::\n' });
    const result = await build(dir, '--verbose');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('a chapter without a # title is read, titled from its file name, with a warning at the chapter', () => {
    const dir = manuscript({ '01-one.md': 'Just text.\n' });
    const log: string[] = [];
    const { prepared } = loadProject({ manuscriptDir: dir, log: (l) => log.push(l) });
    expect(prepared.chapters[0].title).toBe('One');
    expect(log.join('\n')).toMatch(/warning: .*01-one\.md:1:1: the chapter has no level-one heading .*“One” comes from the file name/);
  });

  it('unknown options and commands exit 1 with the usage', () => {
    expect(kindred(['build', '--colour']).code).toBe(1);
    expect(kindred(['bake']).code).toBe(1);
    const help = kindred(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('build');
  });

  it('started no browser for any of these user errors', () => {
    expect(sharedBrowser().started).toBe(false);
  });
});
