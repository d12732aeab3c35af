import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function importRoutes() {
  return new Hono<AdminEnv>();
}
