/**
 * Case 9: the road-map parser (issue 12). Scores on every labelled road map of test/roadmaps/corpus.ts (the two
 * shared plans and our own in DOCX, XLSX, CSV and the text shapes) against the targets for unseen road
 * maps, and the time to parse a 160-row road map as pasted text and as a DOCX.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { parseRoadMap } from '../core/roadmaps/parse.js';
import type { RoadMapSource } from '../core/roadmaps/types.js';
import { corpus } from '../test/roadmaps/corpus.js';
import { score, targets, total, type Score } from '../test/roadmaps/score.js';
import { academicPlan } from '../test/roadmaps/specs.js';
import { fmt, log, percentile, type Row } from './support.js';

const rowsForSpeed = 160;
const targetParseMs = 1000;
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export async function runRoadmapsBench(): Promise<Row[]> {
  log(`\n## Road maps: the parser on ${corpus.length} labelled road maps, and a ${rowsForSpeed}-row road map's parse time`);
  const rows: Row[] = [];
  const scores: Score[] = [];
  for (const fixture of corpus) {
    const s = score(await parseRoadMap(await fixture.source()), fixture.rows);
    scores.push(s);
    log(
      `  ${fixture.name.padEnd(40)} rows ${s.matched}/${s.expected} (+${s.parsed - s.matched} spurious)  due ${pct(s.dueExact)}  recurrence ${pct(s.recurrence)}  kind ${pct(s.kind)}  event kind ${pct(s.eventKind)}`,
    );
  }
  const all = total(scores);
  for (const miss of all.misses) log(`    ${miss}`);
  rows.push(
    {
      case: 'roadmaps',
      metric: `row recall (${all.matched}/${all.expected} rows)`,
      value: pct(all.recall),
      target: `≥ ${pct(targets.recall)}`,
      ok: all.recall >= targets.recall,
    },
    { case: 'roadmaps', metric: 'spurious rows', value: pct(all.spurious), target: `≤ ${pct(targets.spurious)}`, ok: all.spurious <= targets.spurious },
    { case: 'roadmaps', metric: 'due from/to exact', value: pct(all.dueExact), target: `≥ ${pct(targets.dueExact)}`, ok: all.dueExact >= targets.dueExact },
    { case: 'roadmaps', metric: 'recurrence', value: pct(all.recurrence), target: `≥ ${pct(targets.recurrence)}`, ok: all.recurrence >= targets.recurrence },
    { case: 'roadmaps', metric: 'kind', value: pct(all.kind), target: `≥ ${pct(targets.kind)}`, ok: all.kind >= targets.kind },
    { case: 'roadmaps', metric: 'event kind (kind and event kind both right)', value: pct(all.eventKind) },
  );
  for (const [shape, source] of [
    ['pasted text', bigText()],
    ['DOCX', await bigDocx()],
  ] as const) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      count = (await parseRoadMap(source)).rows.length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    log(`  ${shape}: ${count} rows parsed, median ${fmt.ms(median)} of 7 (first ${fmt.ms(times[times.length - 1]!)})`);
    rows.push({
      case: 'roadmaps',
      metric: `parse a ${rowsForSpeed}-row road map (${shape}), median`,
      value: fmt.ms(median),
      target: `< ${targetParseMs} ms`,
      ok: median < targetParseMs && count === rowsForSpeed,
    });
  }
  return rows;
}

/** The academic plan's rows over and over, numbered on, 160 of them. */
function bigRows(): string[][] {
  return Array.from({ length: rowsForSpeed }, (_, i) => {
    const row = academicPlan.rows[i % academicPlan.rows.length]!;
    return [String(i + 1), row.text, row.date || 'в течение года', row.who, row.form ?? ''];
  });
}

function bigText(): RoadMapSource {
  const lines = [
    'План мероприятий на 2023-2024 учебный год',
    '',
    '№\tСодержание работы\tСроки\tОтветственные\tФорма отчётности',
    ...bigRows().map((r) => r.join('\t')),
  ];
  return { kind: 'text', text: lines.join('\n') };
}

async function bigDocx(): Promise<RoadMapSource> {
  const row = (cells: string[]) => new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph('План мероприятий на 2023-2024 учебный год'),
          new Table({ rows: [row(['№', 'Содержание работы', 'Сроки', 'Ответственные', 'Форма отчётности']), ...bigRows().map(row)] }),
        ],
      },
    ],
  });
  return { kind: 'file', name: 'big.docx', bytes: new Uint8Array(await Packer.toBuffer(document)) };
}
