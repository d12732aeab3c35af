import { describe, expect, it } from 'vitest';
import { maxButtons, maxHtml, maxMessageView } from '../admin/views/sandbox/max-messages.js';

/** What the sandbox page shows of a MAX message: MAX's HTML subset made safe, MAX's buttons, its string ids. */
describe('a MAX message in the sandbox', () => {
  it('keeps MAX’s tags, drops attributes and unsafe links, shows anything else as text', () => {
    expect(maxHtml('<b>Жирный</b> <mark>важно</mark> <blockquote>цитата</blockquote>', 'html', 'bad')).toBe(
      '<b>Жирный</b> <mark>важно</mark> <blockquote>цитата</blockquote>',
    );
    expect(maxHtml('<strong onclick="x()">a</strong><em>b</em><ins>c</ins><del>d</del>', 'html', 'bad')).toBe('<b>a</b><i>b</i><u>c</u><s>d</s>');
    expect(maxHtml('<script>alert(1)</script>', 'html', 'bad')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    // MAX has no spoiler: Telegram's tag is text there.
    expect(maxHtml('<tg-spoiler>тайна</tg-spoiler>', 'html', 'bad')).toBe('&lt;tg-spoiler&gt;тайна&lt;/tg-spoiler&gt;');
    expect(maxHtml('<a href="javascript:alert(1)">x</a>', 'html', 'Ссылка')).toBe('<a class="bad-link" title="Ссылка">x</a>');
    expect(maxHtml('<a href="https://max.ru/bot?start=in_1">x</a>', 'html', 'bad')).toContain('href="https://max.ru/bot?start=in_1"');
    expect(maxHtml('<b>открыт', 'html', 'bad')).toBe('<b>открыт</b>');
  });

  it('shows a person’s text as text, its URLs as links and a /command as typed (MAX makes no link of it)', () => {
    expect(maxHtml('<b>не тег</b> https://example.org/a. /profile', null, 'bad')).toBe(
      '&lt;b&gt;не тег&lt;/b&gt; <a href="https://example.org/a" target="_blank" rel="noopener noreferrer">https://example.org/a</a>. /profile',
    );
  });

  it('reads MAX’s callback and link buttons; a link MAX would not open is a dead button', () => {
    expect(
      maxButtons({
        buttons: [
          [{ type: 'callback', text: 'Пойду', payload: 'ev:1:go' }],
          [
            { type: 'link', text: 'Сайт', url: 'https://example.org' },
            { type: 'link', text: 'Плохая', url: 'javascript:1' },
          ],
        ],
      }),
    ).toEqual([
      [{ text: 'Пойду', kind: 'callback', data: 'ev:1:go' }],
      [
        { text: 'Сайт', kind: 'url', url: 'https://example.org/' },
        { text: 'Плохая', kind: 'other' },
      ],
    ]);
  });

  it('keeps MAX’s string id and the message’s place in the dialog', () => {
    const view = maxMessageView(
      {
        mid: 'mid.0000000000000007',
        fromBot: true,
        text: '<i>x</i>',
        format: 'html',
        attachments: [],
        buttons: [],
        timestamp: 1_700_000_000_123,
        deleted: false,
        edited: true,
      },
      7,
      'bad',
    );
    expect(view).toMatchObject({ id: 'mid.0000000000000007', order: 7, html: '<i>x</i>', edited: true, date: 1_700_000_000 });
  });
});
