import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.js';
import { parseRoadMap } from '../../core/roadmaps/parse.js';
import type { RoadMapSource } from '../../core/roadmaps/types.js';
import { corpus } from './corpus.js';
import { score, targets, total, type Score } from './score.js';

const text = (body: string): RoadMapSource => ({ kind: 'text', text: body });

describe('the road-map parser on every labelled road map', () => {
  const scores: Score[] = [];
  for (const fixture of corpus) {
    it(`${fixture.name}: rows, dates, recurrence and kinds meet the issue's targets`, async () => {
      const parsed = await parseRoadMap(await fixture.source());
      expect(parsed.period).toEqual(fixture.period);
      const s = score(parsed, fixture.rows);
      scores.push(s);
      expect({ misses: s.misses, recall: s.recall >= targets.recall, spurious: s.spurious <= targets.spurious, due: s.dueExact >= targets.dueExact, recurrence: s.recurrence >= targets.recurrence, kind: s.kind >= targets.kind }).toEqual({
        misses: s.misses,
        recall: true,
        spurious: true,
        due: true,
        recurrence: true,
        kind: true,
      });
    });
  }

  it('over all of them together as well', () => {
    const all = total(scores);
    expect(all.matched).toBeGreaterThan(150);
    expect(all.recall).toBeGreaterThanOrEqual(targets.recall);
    expect(all.spurious).toBeLessThanOrEqual(targets.spurious);
    expect(all.dueExact).toBeGreaterThanOrEqual(targets.dueExact);
    expect(all.recurrence).toBeGreaterThanOrEqual(targets.recurrence);
    expect(all.kind).toBeGreaterThanOrEqual(targets.kind);
  });
});

describe('what a road map carries besides its rows', () => {
  it('keeps sections, the verbatim date text, executors in the directory words and doubts on what it guessed', async () => {
    const kirov = corpus.find((f) => f.name.startsWith('kirov'))!;
    const parsed = await parseRoadMap(await kirov.source());
    expect(parsed.title).toMatch(/^Региональный план мероприятий .* на 2024 год$/);
    const row = (n: string) => parsed.rows.find((r) => r.number === n)!;
    expect(row('2.1').section).toMatch(/^2\. Мероприятия по повышению качества образования в ШНОР/);
    expect(row('2.7').dateText).toBe('март, август, декабрь 2024 г.\nв соответствии с планом мероприятий ИРО');
    expect(row('2.7').due.occurrences.map((o) => o.from)).toEqual(['2024-03-01', '2024-08-01', '2024-12-01']);
    expect(row('4.1').responsible).toEqual(['ИРО', 'министерство', 'МОУО', 'ШНОР']);
    expect(row('2.1').audience).toEqual(expect.arrayContaining(['teacher', 'shnor']));
    expect(row('2.6').doubts.join(' ')).toMatch(/по запросу/);
    expect(row('2.8').doubts.join(' ')).toMatch(/периодичность взята из текста/);
    expect(row('4.3').doubts.join(' ')).toMatch(/вне периода плана/);
    expect(row('1.1').doubts).toEqual([]);
  });

  it('reads the order above a plan and its goals as paragraphs, never as rows', async () => {
    const parsed = await parseRoadMap(await corpus.find((f) => f.name.endsWith('.docx'))!.source());
    expect(parsed.rows.some((r) => /Утвердить|Контроль за исполнением|Повысить качество/.test(r.text))).toBe(false);
    expect(parsed.rows[0]!.section).toBe('I. Организационно-управленческая деятельность');
    expect(parsed.rows.find((r) => r.number === '4')!.text).toContain('- итоги I четверти');
    expect(parsed.rows.find((r) => r.number === '16')!.responsible).toEqual(['МОУО']);
    expect(parsed.rows.find((r) => r.number === '16')!.due.occurrences).toEqual([
      { from: '2024-02-12', to: '2024-02-12', label: 'Котельничский район' },
      { from: '2024-02-14', to: '2024-02-14', label: 'Оричевский район' },
    ]);
  });

  it('takes the year from the dates when the title names none, and says so on the rows that needed it', async () => {
    const parsed = await parseRoadMap(text('План мероприятий\n\n№\tМероприятие\tСрок\tОтветственные\n1\tСеминар для учителей\tмарт\tИРО\n2\tВебинар\t15.04.2022\tИРО\n'));
    expect(parsed.period).toEqual({ from: '2022-01-01', to: '2022-12-31', academic: false });
    expect(parsed.rows[0]!.due).toMatchObject({ from: '2022-03-01', to: '2022-03-31' });
    expect(parsed.rows[0]!.doubts.join(' ')).toMatch(/год плана не указан/);
    const withYear = await parseRoadMap(text('План мероприятий\n\n№\tМероприятие\tСрок\tОтветственные\n1\tСеминар для учителей\tмарт\tИРО\n2\tВебинар\tапрель\tИРО\n'), { year: 2026 });
    expect(withYear.rows[0]!.due.from).toBe('2026-03-01');
  });

  it('never takes a year written in the measure for the due date', async () => {
    const parsed = await parseRoadMap(text('План на 2024 год\n\n№\tМероприятие\tСрок\tИсполнители\n1\tПодготовка к ЕГЭ в 2025 г. и план на 2025 год\tв течение года\tИРО\n'));
    expect(parsed.rows[0]!.due).toMatchObject({ from: '2024-01-01', to: '2024-12-31', recurrence: 'continuous' });
  });

  it('refuses what it cannot read with the reason, as invalid input', async () => {
    const attempt = (name: string, bytes: Uint8Array) => parseRoadMap({ kind: 'file', name, bytes });
    await expect(attempt('plan.docx', new TextEncoder().encode('not a zip'))).rejects.toThrow(/plan\.docx: файл повреждён или это не \.docx/);
    await expect(attempt('plan.pdf', new Uint8Array([37, 80, 68, 70]))).rejects.toThrow(/PDF не читается/);
    await expect(attempt('plan.doc', new Uint8Array([1]))).rejects.toThrow(/сохраните документ как \.docx/);
    await expect(attempt('plan.txt', new Uint8Array())).rejects.toThrow(/файл пуст/);
    await expect(attempt('plan.xlsx', new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(DomainError);
  });

  it('returns no rows, not guesses, for text that holds no table', async () => {
    const parsed = await parseRoadMap(text('Просто письмо.\n\nС уважением, ИРО'));
    expect(parsed.rows).toEqual([]);
  });
});
