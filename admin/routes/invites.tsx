import { Hono } from 'hono';
import type { AdminEnv } from '../env.js';

export function invitesRoutes() {
  return new Hono<AdminEnv>();
}
