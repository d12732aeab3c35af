import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function approvalsRoutes() {
  return new Hono<AdminEnv>();
}
