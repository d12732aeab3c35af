import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function municipalitiesRoutes() {
  return new Hono<AdminEnv>();
}
