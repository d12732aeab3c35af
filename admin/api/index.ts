import { Hono } from 'hono';
import type { Core } from '../../core/core.js';

export function apiRoutes(_core: Core) {
  return new Hono();
}
