import type { ParsedRoadMap, RoadMapRow } from './types.js';

/**
 * A parsed road map as a plain-text table for a terminal (`npm run cli -- roadmap parse FILE`): one line per row
 * with its dates as read, and the doubts under the row they concern.
 */
export function formatRoadMap(roadMap: ParsedRoadMap): string {
  const { title, period, rows } = roadMap;
  const lines = [
    title || '(без названия)',
    `Период: ${period.from} – ${period.to}${period.academic ? ' (учебный год)' : ''}; строк: ${rows.length}, с сомнениями: ${rows.filter((r) => r.doubts.length).length}`,
    '',
  ];
  const table = rows.map((row) => [
    row.number ?? '—',
    clip(row.dateText.replace(/\s+/g, ' '), 28),
    dates(row),
    kind(row),
    clip(row.text, 60),
    clip(row.responsible.join(', '), 30),
  ]);
  const head = ['№', 'Срок', 'Даты', 'Вид', 'Мероприятие', 'Исполнители'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(line(head), widths.map((w) => '-'.repeat(w)).join('  '));
  let section: string | null = null;
  rows.forEach((row, i) => {
    if (row.section !== section) {
      section = row.section;
      if (section) lines.push(`[${clip(section, 100)}]`);
    }
    lines.push(line(table[i]!));
    for (const doubt of row.doubts) lines.push(`${' '.repeat(widths[0]! + 2)}? ${doubt}`);
  });
  return `${lines.join('\n')}\n`;
}

function dates(row: RoadMapRow): string {
  const { from, to, recurrence } = row.due;
  const span = from === to ? (from ?? '') : !from ? `до ${to}` : !to ? `с ${from}` : `${from}..${to}`;
  const cadence = recurrence === 'none' ? '' : ` ${recurrence}`;
  return `${span || 'нет даты'}${cadence}`;
}

function kind(row: RoadMapRow): string {
  return row.eventKind ? `${row.kind}/${row.eventKind}` : row.kind;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
