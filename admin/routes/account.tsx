import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function accountRoutes() {
  return new Hono<AdminEnv>();
}
