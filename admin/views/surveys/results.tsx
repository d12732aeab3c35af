import { localNumber } from '../../../core/words/words.js';
import { personRoles, schoolTags } from '../../../core/directory/vocabulary.js';
import type { QuestionResult, ResultsFilter, SurveyResults } from '../../../core/surveys/results.js';
import type { PanelContext } from '../../kit.js';
import { Select } from '../components.js';

/** A survey's results: response rates by municipality, then each question's answers, filtered by place, tag and role. */
export function ResultsPage(props: { c: PanelContext; results: SurveyResults; filter: ResultsFilter; municipalities: { id: number; name: string }[] }) {
  const { c, results, filter, municipalities } = props;
  const t = c.get('t');
  const { survey } = results;
  const id = survey.id;
  const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString();
  return (
    <>
      <h1>{t('survey-results-title', { title: survey.title })}</h1>
      <p>
        <a href={`/surveys/${id}`}>← {t('survey-back-to-builder')}</a> · <a href={`/surveys/${id}/results.csv${query ? `?${query}` : ''}`}>CSV</a> ·{' '}
        <a href={`/surveys/${id}/results.xlsx${query ? `?${query}` : ''}`}>XLSX</a>
        {survey.anonymous ? ` · ${t('survey-anonymous-note')}` : ''}
      </p>
      <form method="get" class="filters">
        <Select
          label={t('survey-r-municipality')}
          name="municipalityId"
          value={filter.municipalityId ?? ''}
          options={municipalities.map((m) => [m.id, m.name])}
          empty={t('survey-r-any')}
        />
        <Select
          label={t('survey-r-tag')}
          name="schoolTag"
          value={filter.schoolTag ?? ''}
          options={schoolTags.map((s) => [s, t(`tag-${s}`)])}
          empty={t('survey-r-any')}
        />
        <Select
          label={t('survey-r-role')}
          name="role"
          value={filter.role ?? ''}
          options={personRoles.map((r) => [r, t(`role-${r}`)])}
          empty={t('survey-r-any')}
        />
        <button type="submit">{t('survey-r-apply')}</button>
      </form>
      <h2>{t('survey-r-rate')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('survey-r-municipality')}</th>
            <th>{t('survey-r-audience')}</th>
            <th>{t('survey-r-done')}</th>
            <th>%</th>
          </tr>
        </thead>
        <tbody>
          {results.rates.map((r) => (
            <tr data-rate={String(r.municipalityId ?? '')}>
              <td>{r.name}</td>
              <td>{r.audience}</td>
              <td>{r.done}</td>
              <td>{r.audience ? Math.round((100 * r.done) / r.audience) : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <b id="respondents" data-count={String(results.respondents)}>
          {t('survey-r-respondents', { count: results.respondents })}
        </b>
      </p>
      {results.hidden ? <p class="muted">{t('survey-r-too-few')}</p> : results.questions.map((r, i) => <QuestionResultView c={c} result={r} number={i + 1} />)}
    </>
  );
}

/** A label in lines of at most `width` characters, broken between words, at most two lines (the rest as "…"). */
function labelLines(label: string, width = 26): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const shown = lines.slice(0, 2).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > 2) shown[1] = `${shown[1]!.slice(0, width - 1)}…`;
  return shown;
}

/** Horizontal bars as inline SVG: one per option, its label whole (in two lines if long), its count and share. */
function BarChart(props: { rows: { label: string; count: number }[]; total: number }) {
  const width = 560;
  const bar = 22;
  const labelWidth = 200;
  const lineHeight = 14;
  const max = Math.max(1, ...props.rows.map((r) => r.count));
  const rows = props.rows.map((r) => ({ ...r, lines: labelLines(r.label), share: props.total ? Math.round((100 * r.count) / props.total) : 0 }));
  const tops: number[] = [];
  for (let i = 0; i < rows.length; i++) tops.push(i === 0 ? 2 : tops[i - 1]! + Math.max(bar, rows[i - 1]!.lines.length * lineHeight + 4) + 8);
  const height = rows.length ? tops[rows.length - 1]! + Math.max(bar, rows[rows.length - 1]!.lines.length * lineHeight + 4) + 4 : 4;
  const summary = rows.map((r) => `${r.label}: ${r.count} (${r.share}%)`).join('; ');
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={summary} xmlns="http://www.w3.org/2000/svg">
      {rows.map((r, i) => {
        const y = tops[i]!;
        const w = Math.round(((width - labelWidth - 90) * r.count) / max);
        return (
          <g data-bar={r.label} data-count={String(r.count)}>
            <text x={labelWidth - 6} y={y + 15} text-anchor="end" font-size="13">
              {r.lines.map((line, k) => (
                <tspan x={labelWidth - 6} dy={k === 0 ? 0 : lineHeight}>
                  {line}
                </tspan>
              ))}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(w, r.count ? 2 : 0)} height={bar} fill="#2a6fb0" rx="3" />
            <text x={labelWidth + w + 6} y={y + bar * 0.7} font-size="13">
              {`${r.count} (${r.share}%)`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function QuestionResultView(props: { c: PanelContext; result: QuestionResult; number: number }) {
  const t = props.c.get('t');
  const r = props.result;
  const q = r.question;
  const label = (key: string, text: string) =>
    key === 'yes' && q.kind === 'yes_no'
      ? t('survey-yes')
      : key === 'no' && q.kind === 'yes_no'
        ? t('survey-no')
        : key === 'other' && q.kind === 'multiple'
          ? t('survey-other')
          : text;
  const fmt = (n: number | null) => (n === null ? '—' : localNumber(props.c.get('locale'), n, 2));
  return (
    <section class="result" data-question={String(q.id)}>
      <h3>
        {props.number}. {q.text}
      </h3>
      <p class="muted">{t('survey-r-answered', { answered: r.answered, skipped: r.skipped })}</p>
      {r.choices.length ? <BarChart rows={r.choices.map((c) => ({ label: label(c.key, c.label), count: c.count }))} total={r.answered} /> : null}
      {q.kind === 'scale' ? (
        <>
          <p>
            {t('survey-r-average')}: <b class="avg">{fmt(r.average)}</b>
          </p>
          <BarChart rows={r.distribution.map((d) => ({ label: String(d.value), count: d.count }))} total={r.answered} />
        </>
      ) : null}
      {q.kind === 'number' ? (
        <p>
          {t('survey-r-average')}: <b class="avg">{fmt(r.average)}</b> · {t('survey-r-min')}: {fmt(r.min)} · {t('survey-r-max')}: {fmt(r.max)}
        </p>
      ) : null}
      {r.texts.length ? (
        <ul class="texts">
          {r.texts.map((text) => (
            <li>{text}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
