import type { D1Database } from '@cloudflare/workers-types/latest/index.js';

/** Counts what a D1 binding is asked to run: each statement run, and each statement of a batch (D1 bills them so). */
export function countingD1(binding: D1Database): { d1: D1Database; count: () => number; reset: () => void } {
  let statements = 0;
  const wrapStatement = (statement: object): object =>
    new Proxy(statement, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        if (key === 'bind') return (...args: unknown[]) => wrapStatement(value.apply(target, args));
        if (key === 'first' || key === 'run' || key === 'all' || key === 'raw')
          return (...args: unknown[]) => {
            statements += 1;
            return value.apply(target, args);
          };
        return value.bind(target);
      },
    });
  const d1 = new Proxy(binding, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key === 'prepare') return (sql: string) => wrapStatement(value.call(target, sql));
      if (key === 'batch')
        return (list: unknown[]) => {
          statements += list.length;
          return value.call(target, list);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { d1, count: () => statements, reset: () => (statements = 0) };
}
