import { describe, expect, it } from 'vitest';
import { parseDue, periodFromTitle } from '../../core/roadmaps/dates.js';
import type { DuePrecision, Recurrence } from '../../core/roadmaps/types.js';

const year2024 = { from: '2024-01-01', to: '2024-12-31', academic: false };
const academic = { from: '2023-09-01', to: '2024-08-31', academic: true };

type Case = [text: string, from: string | null, to: string | null, recurrence: Recurrence, precision: DuePrecision, occurrences?: number];

const calendar: Case[] = [
  ['до 01.02.2024', null, '2024-02-01', 'none', 'day', 1],
  ['до 15 марта 2024 года', null, '2024-03-15', 'none', 'day', 1],
  ['не позднее 10.04.2024', null, '2024-04-10', 'none', 'day', 1],
  ['22.01.2024', '2024-01-22', '2024-01-22', 'none', 'day', 1],
  ['28.01.2024 – 20.02.2024', '2024-01-28', '2024-02-20', 'none', 'day', 1],
  ['с 15.01 по 20.02', '2024-01-15', '2024-02-20', 'none', 'day', 1],
  ['22–23 мая 2024 г.', '2024-05-22', '2024-05-23', 'none', 'day', 1],
  ['15 апреля', '2024-04-15', '2024-04-15', 'none', 'day', 1],
  ['1.3.24', '2024-03-01', '2024-03-01', 'none', 'day', 1],
  ['февраль 2024 г.', '2024-02-01', '2024-02-29', 'none', 'month', 1],
  ['Март', '2024-03-01', '2024-03-31', 'none', 'month', 1],
  ['в мае', '2024-05-01', '2024-05-31', 'none', 'month', 1],
  ['январь – март 2024 г.', '2024-01-01', '2024-03-31', 'none', 'month', 1],
  ['Март-апрель', '2024-03-01', '2024-04-30', 'none', 'month', 1],
  ['ноябрь 2024 г. – февраль 2025 г.', '2024-11-01', '2025-02-28', 'none', 'month', 1],
  ['ноябрь – февраль', '2024-11-01', '2025-02-28', 'none', 'month', 1],
  ['март, август, декабрь 2024 г.', '2024-03-01', '2024-12-31', 'none', 'month', 3],
  ['март 2024 г.\nноябрь 2024 г.\nдекабрь 2024 г.', '2024-03-01', '2024-12-31', 'none', 'month', 3],
  ['до 25.06.2024, до 25.12.2024', '2024-06-25', '2024-12-25', 'none', 'day', 2],
  ['11.2024', '2024-11-01', '2024-11-30', 'none', 'month', 1],
  ['.10.2024', '2024-10-01', '2024-10-31', 'none', 'month', 1],
  ['II квартал', '2024-04-01', '2024-06-30', 'none', 'quarter', 1],
  ['IV квартал 2024 года', '2024-10-01', '2024-12-31', 'none', 'quarter', 1],
  ['I-II квартал', '2024-01-01', '2024-06-30', 'none', 'quarter', 1],
  ['в течение 1 квартала', '2024-01-01', '2024-03-31', 'none', 'quarter', 1],
  ['I полугодие', '2024-01-01', '2024-06-30', 'none', 'period', 1],
  ['2 полугодие 2024 г.', '2024-07-01', '2024-12-31', 'none', 'period', 1],
  ['2024 год', '2024-01-01', '2024-12-31', 'none', 'year', 1],
  ['ежемесячно', '2024-01-01', '2024-12-31', 'monthly', 'period', 12],
  ['ежемесячно до 5 числа', '2024-01-01', '2024-12-31', 'monthly', 'period', 12],
  ['еженедельно', '2024-01-01', '2024-12-31', 'weekly', 'period', 0],
  ['ежеквартально', '2024-01-01', '2024-12-31', 'quarterly', 'period', 4],
  ['не реже 1 раза в квартал', '2024-01-01', '2024-12-31', 'quarterly', 'period', 4],
  ['2 раза в год', '2024-01-01', '2024-12-31', 'twice-a-year', 'period', 2],
  ['два раза в год (март, октябрь)', '2024-03-01', '2024-10-31', 'twice-a-year', 'month', 2],
  ['ежегодно', '2024-01-01', '2024-12-31', 'yearly', 'period', 1],
  ['не реже одного раза в два месяца', '2024-01-01', '2024-12-31', 'bimonthly', 'period', 6],
  ['в течение года', '2024-01-01', '2024-12-31', 'continuous', 'period', 0],
  ['в течение 2024 года', '2024-01-01', '2024-12-31', 'continuous', 'period', 0],
  ['постоянно', '2024-01-01', '2024-12-31', 'continuous', 'period', 0],
  ['в течение года, ежемесячно', '2024-01-01', '2024-12-31', 'monthly', 'period', 12],
  ['по отдельному графику', null, null, 'by-schedule', 'unspecified', 0],
  ['в соответствии с планом мероприятий ИРО', null, null, 'by-schedule', 'unspecified', 0],
  ['согласно распоряжениям МОКО', null, null, 'by-schedule', 'unspecified', 0],
  ['по согласованию', null, null, 'none', 'unspecified', 0],
  ['по запросам ШНОР', null, null, 'none', 'unspecified', 0],
  ['по заявке', null, null, 'none', 'unspecified', 0],
  ['по итогам ВПР', null, null, 'none', 'unspecified', 0],
  ['', null, null, 'none', 'unspecified', 0],
  ['IV кв. 2024 г.', '2024-10-01', '2024-12-31', 'none', 'quarter', 1],
  ['до конца I квартала', null, '2024-03-31', 'none', 'quarter', 1],
  ['до 20 декабря 2024 г. (по итогам I полугодия)', null, '2024-12-20', 'none', 'day', 1],
  ['10 декабря 2024 года (сочинение), 12 февраля 2025 года', '2024-12-10', '2025-02-12', 'none', 'day', 2],
  ['ежегодно, до 1 марта', null, '2024-03-01', 'yearly', 'day', 1],
  ['по результатам ВПР (май – июнь)', '2024-05-01', '2024-06-30', 'none', 'month', 1],
  ['после 15.05', '2024-05-15', null, 'none', 'day', 1],
  ['15.03.2024, 10:00', '2024-03-15', '2024-03-15', 'none', 'day', 1],
  ['по мере необходимости', null, null, 'none', 'unspecified', 0],
  ['в сроки, установленные Рособрнадзором', null, null, 'by-schedule', 'unspecified', 0],
  ['по итогам ГИА-2024', null, null, 'none', 'unspecified', 0],
  ['1 и 3 квартал', '2024-01-01', '2024-09-30', 'none', 'quarter', 2],
  ['I, II и IV кварталы 2024 г.', '2024-01-01', '2024-12-31', 'none', 'quarter', 3],
  ['I и II полугодие', '2024-01-01', '2024-12-31', 'none', 'period', 2],
  ['весна 2024', '2024-03-01', '2024-05-31', 'none', 'period', 1],
  ['осенью', '2024-09-01', '2024-11-30', 'none', 'period', 1],
  ['январь, апрель, июль, октябрь', '2024-01-01', '2024-10-31', 'quarterly', 'month', 4],
  ['март, июнь, сентябрь, декабрь 2024 г.', '2024-03-01', '2024-12-31', 'quarterly', 'month', 4],
  ['февраль, апрель, июнь, октябрь', '2024-02-01', '2024-10-31', 'none', 'month', 4],
  ['ежемесячно (кроме июля, августа)', '2024-01-01', '2024-12-31', 'monthly', 'period', 12],
  ['с 1 по 10 сентября', '2024-09-01', '2024-09-10', 'none', 'day', 1],
  ['к 1 сентября', null, '2024-09-01', 'none', 'day', 1],
  ['до декабря', null, '2024-11-30', 'none', 'day', 1],
  ['до конца года', null, '2024-12-31', 'none', 'month', 1],
  ['до 20 числа месяца, следующего за отчетным', '2024-01-01', '2024-12-31', 'monthly', 'period', 12],
  ['4 раза в год', '2024-01-01', '2024-12-31', 'quarterly', 'period', 4],
  ['каждую пятницу', '2024-01-01', '2024-12-31', 'weekly', 'period', 0],
  ['последний четверг месяца', '2024-01-01', '2024-12-31', 'monthly', 'period', 12],
  ['до 25 числа', '2024-01-01', '2024-12-31', 'monthly', 'period', 12],
  ['апрель, 2024', '2024-04-01', '2024-04-30', 'none', 'month', 1],
  ['в период летних каникул', '2024-06-01', '2024-08-31', 'none', 'period', 1],
  ['по мере поступления', null, null, 'none', 'unspecified', 0],
];

const schoolYear: Case[] = [
  ['сентябрь', '2023-09-01', '2023-09-30', 'none', 'month', 1],
  ['май', '2024-05-01', '2024-05-31', 'none', 'month', 1],
  ['сентябрь – май', '2023-09-01', '2024-05-31', 'none', 'month', 1],
  ['ноябрь, февраль, май', '2023-11-01', '2024-05-31', 'none', 'month', 3],
  ['до 15 октября', null, '2023-10-15', 'none', 'day', 1],
  ['I полугодие', '2023-09-01', '2023-12-31', 'none', 'period', 1],
  ['в течение учебного года', '2023-09-01', '2024-08-31', 'continuous', 'period', 0],
  ['в течение года', '2023-09-01', '2024-08-31', 'continuous', 'period', 0],
  ['в конце каждой четверти', '2023-09-01', '2024-08-31', 'quarterly', 'period', 4],
  ['не реже одного раза в четверть', '2023-09-01', '2024-08-31', 'quarterly', 'period', 4],
  ['сентябрь 2023 г. – апрель 2024 г.', '2023-09-01', '2024-04-30', 'none', 'month', 1],
  ['2023-2024 уч. год', '2023-09-01', '2024-08-31', 'none', 'period', 1],
  ['в течение 2023-2024 учебного года', '2023-09-01', '2024-08-31', 'continuous', 'period', 0],
  ['II полугодие', '2024-01-01', '2024-05-31', 'none', 'period', 1],
  ['январь – май 2024', '2024-01-01', '2024-05-31', 'none', 'month', 1],
  ['1 раз в месяц', '2023-09-01', '2024-08-31', 'monthly', 'period', 12],
  ['весна 2024', '2024-03-01', '2024-05-31', 'none', 'period', 1],
  ['зима', '2023-12-01', '2024-02-29', 'none', 'period', 1],
  ['в весенний период', '2024-03-01', '2024-05-31', 'none', 'period', 1],
  ['I и II полугодие', '2023-09-01', '2024-05-31', 'none', 'period', 2],
  ['октябрь, декабрь, февраль, апрель', '2023-10-01', '2024-04-30', 'bimonthly', 'month', 4],
  ['в начале учебного года', '2023-09-01', '2023-09-30', 'none', 'month', 1],
  ['до конца учебного года', null, '2024-05-31', 'none', 'month', 1],
];

describe('parseDue reads the "срок" cell', () => {
  it.each(calendar)('in a calendar-year plan: %j', (text, from, to, recurrence, precision, occurrences) => {
    const { due } = parseDue(text, year2024);
    expect({ from: due.from, to: due.to, recurrence: due.recurrence, precision: due.precision, occurrences: due.occurrences.length }).toEqual({
      from,
      to,
      recurrence,
      precision,
      occurrences,
    });
  });

  it.each(schoolYear)('in an academic-year plan: %j', (text, from, to, recurrence, precision, occurrences) => {
    const { due } = parseDue(text, academic);
    expect({ from: due.from, to: due.to, recurrence: due.recurrence, precision: due.precision, occurrences: due.occurrences.length }).toEqual({
      from,
      to,
      recurrence,
      precision,
      occurrences,
    });
  });

  it('takes a cadence written only in the measure or the form, and says where it came from', () => {
    const { due, doubts } = parseDue('в течение года', year2024, { measure: 'Проведение ежемесячного мониторинга посещаемости' });
    expect(due.recurrence).toBe('monthly');
    expect(doubts.join(' ')).toMatch(/из текста мероприятия/);
    expect(parseDue('', year2024, { form: 'ежеквартальный отчёт' }).due.recurrence).toBe('quarterly');
    expect(parseDue('до 01.03.2024', year2024, { measure: 'ежемесячный мониторинг' }).due.recurrence).toBe('none');
  });

  it('labels a schedule per municipality and keeps each date as an occurrence', () => {
    const { due } = parseDue('Котельничский район – 12.02.2024; г. Киров: 14.02.2024,\nСлободской район - 20.02', year2024);
    expect(due.occurrences).toEqual([
      { from: '2024-02-12', to: '2024-02-12', label: 'Котельничский район' },
      { from: '2024-02-14', to: '2024-02-14', label: 'г. Киров' },
      { from: '2024-02-20', to: '2024-02-20', label: 'Слободской район' },
    ]);
    expect([due.from, due.to]).toEqual(['2024-02-12', '2024-02-20']);
  });

  it('leaves a doubt, never a silent guess, on what it cannot pin down', () => {
    expect(parseDue('', year2024).doubts).toEqual(['срок не указан']);
    expect(parseDue('когда будет готово', year2024).doubts).toEqual(['срок «когда будет готово» не распознан']);
    expect(parseDue('31.02.2024', year2024).doubts.join(' ')).toMatch(/не существует/);
    expect(parseDue('.10.2024', year2024).doubts.join(' ')).toMatch(/не указан день/);
    expect(parseDue('май', academic).doubts.join(' ')).toMatch(/год не указан: взят по учебному году/);
    expect(parseDue('январь – май 2024', academic).doubts).toEqual([]);
    expect(parseDue('до 01.10.2022', year2024).doubts.join(' ')).toMatch(/вне периода плана/);
    expect(parseDue('до 01.02.2024', year2024).doubts).toEqual([]);
    expect(parseDue('весна 2024', year2024).doubts.join(' ')).toMatch(/временем года/);
    expect(parseDue('в конце учебного года', academic).doubts.join(' ')).toMatch(/«конце учебного года»: взят май, уточните дату/);
    expect(parseDue('ежемесячно (кроме июля, августа)', year2024).doubts.join(' ')).toMatch(/исключения из срока \(«кроме июля, августа»\)/);
  });
});

describe('periodFromTitle', () => {
  it.each([
    ['План мероприятий на 2024 год', { from: '2024-01-01', to: '2024-12-31', academic: false }],
    ['Дорожная карта на 2020-2021 учебный год', { from: '2020-09-01', to: '2021-08-31', academic: true }],
    ['План работы на 2022/23 уч. год', { from: '2022-09-01', to: '2023-08-31', academic: true }],
    ['Дорожная карта на 2024–2026 годы', { from: '2024-01-01', to: '2026-12-31', academic: false }],
    ['План мероприятий в 2025 году', { from: '2025-01-01', to: '2025-12-31', academic: false }],
  ])('%j', (title, period) => {
    expect(periodFromTitle(title)).toEqual(period);
  });

  it('is null when the title names no year, unless one is given', () => {
    expect(periodFromTitle('Дорожная карта проекта 500+')).toBeNull();
    expect(periodFromTitle('Дорожная карта проекта 500+', 2021)).toEqual({ from: '2021-01-01', to: '2021-12-31', academic: false });
  });
});
