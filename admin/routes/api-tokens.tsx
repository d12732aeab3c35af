import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function apiTokensRoutes() {
  return new Hono<AdminEnv>();
}
