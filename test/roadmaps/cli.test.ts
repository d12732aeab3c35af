import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const kirov = join(root, 'test', 'fixtures', 'roadmaps', 'kirov-region-plan-2024.txt');

/** The CLI as people run it; it needs no database and no configuration. */
function cli(...args: string[]) {
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
  return spawnSync(process.execPath, ['--import', 'tsx', 'runtime/cli.ts', 'roadmap', 'parse', ...args], { cwd: root, env, encoding: 'utf8' });
}

describe('npm run cli -- roadmap parse', () => {
  it('prints only the issue JSON on stdout with --json', () => {
    const run = cli(kirov, '--json');
    expect(run.status).toBe(0);
    const parsed = JSON.parse(run.stdout) as { title: string; period: unknown; rows: Record<string, unknown>[] };
    expect(parsed.period).toEqual({ from: '2024-01-01', to: '2024-12-31', academic: false });
    expect(parsed.rows).toHaveLength(18);
    expect(Object.keys(parsed.rows[0]!)).toEqual([
      'number',
      'section',
      'text',
      'dateText',
      'kind',
      'eventKind',
      'due',
      'responsible',
      'audience',
      'result',
      'form',
      'doubts',
    ]);
    expect(parsed.rows[0]!['due']).toEqual({
      from: null,
      to: '2024-02-01',
      recurrence: 'none',
      precision: 'day',
      occurrences: [{ from: null, to: '2024-02-01' }],
    });
  });

  it('prints a readable table with the doubts under their rows, and --year where the document names none', () => {
    const table = cli(kirov);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^2\.6 +по запросам ШНОР/m);
    expect(table.stdout).toMatch(/\? срок по запросу или согласованию: даты нет/);
    const dir = mkdtempSync(join(tmpdir(), 'roadmap-cli-'));
    const file = join(dir, 'plan.csv');
    writeFileSync(file, 'План мероприятий;;\n№;Мероприятие;Срок\n1;Семинар для учителей;март\n2;Вебинар для директоров;апрель\n');
    const withYear = JSON.parse(cli(file, '--json', '--year', '2027').stdout) as { period: { from: string }; rows: { due: { from: string } }[] };
    expect(withYear.period.from).toBe('2027-01-01');
    expect(withYear.rows[0]!.due.from).toBe('2027-03-01');
  });

  it('names why a file cannot be read, on one line, with exit code 1', () => {
    const missing = cli(join(root, 'no-such-plan.docx'));
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/no-such-plan\.docx: no such file/)]);
    const dir = mkdtempSync(join(tmpdir(), 'roadmap-cli-'));
    writeFileSync(join(dir, 'broken.docx'), 'not a zip');
    const broken = cli(join(dir, 'broken.docx'));
    expect(broken.status).toBe(1);
    expect(broken.stderr.trim()).toBe('roadmap parse: broken.docx: файл повреждён или это не .docx');
    expect(cli(kirov, '--year', '24').stderr).toMatch(/--year must be a year/);
  });
});
