import { createHash } from 'node:crypto';
import { pino, type Logger as Pino } from 'pino';
import pretty from 'pino-pretty';

/** Who speaks in a log line: monitoring filters on it. */
export type Component = 'process' | 'bot' | 'panel' | 'outbox' | 'scheduler' | 'backup';

/** A line of one component: `(message)` a problem worth a look (warn), `(message, error)` an unexpected error (with its stack). */
export type ComponentLog = (message: string, error?: unknown) => void;

/**
 * The process's logger: one JSON line per event (pino; readable text when stdout is a terminal). Call sites keep
 * passing plain `log` functions; `component(name)` gives one that files its lines under a component, and `info`
 * for good news. No personal data: numbers of six digits and more (Telegram ids, chat ids) are replaced by a short
 * hash, which still lets lines about one chat be found together.
 */
export interface Logger {
  component(name: Component): ComponentLog;
  info(name: Component, message: string, fields?: Record<string, unknown>): void;
  /** Metrics and the like that want the underlying pino logger. */
  readonly pino: Pino;
}

export function hashTelegramId(id: string | number): string {
  return `#${createHash('sha256').update(`mayak-telegram-id:${id}`).digest('hex').slice(0, 10)}`;
}

export function withoutPersonalIds(text: string): string {
  return text.replace(/\b\d{6,}\b/g, (id) => hashTelegramId(id));
}

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream; pretty?: boolean } = {}): Logger {
  const destination = options.destination ?? process.stdout;
  const readable = options.pretty ?? (destination === process.stdout && process.stdout.isTTY === true);
  const root = pino(
    { level: options.level ?? 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    readable ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,component', messageFormat: '[{component}] {msg}' }) : destination,
  );
  const children = new Map<Component, Pino>();
  const child = (name: Component) => {
    let c = children.get(name);
    if (!c) children.set(name, (c = root.child({ component: name })));
    return c;
  };
  return {
    pino: root,
    component(name) {
      return (message, error) => {
        // A message that carries a stack (the callers' old form) keeps it, as a field of the same line.
        const [first = '', ...rest] = message.split('\n');
        const stack = error instanceof Error ? error.stack : rest.length ? rest.join('\n') : undefined;
        if (stack || error !== undefined) child(name).error({ stack: stack ? withoutPersonalIds(stack) : undefined }, withoutPersonalIds(first));
        else child(name).warn(withoutPersonalIds(first));
      };
    },
    info(name, message, fields) {
      child(name).info(fields ?? {}, withoutPersonalIds(message));
    },
  };
}
