import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function auditRoutes() {
  return new Hono<AdminEnv>();
}
