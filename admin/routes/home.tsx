import { Hono } from 'hono';

/** The panel's front page until the admin issue brings sign-in and the dashboard. */
export function homeRoutes(options: { sandbox: boolean }) {
  const app = new Hono();
  app.get('/', (c) =>
    c.html(
      <html lang="ru">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Маяк</title>
        </head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
          <h1>Маяк</h1>
          <p>Бот и панель управления региональной программы поддержки школ с низкими образовательными результатами.</p>
          {options.sandbox ? (
            <p>
              Запущена песочница без Telegram: <a href="/sandbox">откройте чат с ботом</a>.
            </p>
          ) : (
            <p>Бот работает в Telegram.</p>
          )}
        </body>
      </html>,
    ),
  );
  return app;
}
