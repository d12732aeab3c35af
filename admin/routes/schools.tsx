import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function schoolsRoutes() {
  return new Hono<AdminEnv>();
}
