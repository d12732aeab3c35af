import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function adminsRoutes() {
  return new Hono<AdminEnv>();
}
