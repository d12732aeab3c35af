import { expect } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import type { Actor } from '../../core/admins/access.js';
import type { AdminRole } from '../../db/schema/index.js';
import type { Harness } from './harness.js';

/** A browser-like client of the admin panel over app.request: keeps the session cookie, finds the CSRF token in pages. */
export class PanelClient {
  cookie = '';
  csrf = '';

  constructor(private readonly h: Harness) {}

  static async signedIn(
    h: Harness,
    role: AdminRole,
    municipalityIds: number[] = [],
    email = `${role}-${municipalityIds.join('-')}@mayak.test`,
  ): Promise<PanelClient> {
    await createAdmin(h.core, { email, password: 'correct horse battery', role, municipalityIds });
    const client = new PanelClient(h);
    const response = await client.login(email, 'correct horse battery');
    expect(response.status).toBe(303);
    await client.get('/');
    return client;
  }

  /** Signs in as a browser does: opens the form (its CSRF token and cookie), then posts it, from `address` if given. */
  async login(email: string, password: string, options: { next?: string; address?: string } = {}): Promise<Response> {
    if (!this.csrf || !this.cookie.startsWith('mayak_login=')) await this.get('/login');
    return this.post(
      '/login',
      { email, password, ...(options.next ? { next: options.next } : {}) },
      { headers: options.address ? { 'x-forwarded-for': options.address } : {} },
    );
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const response = await this.h.app.admin.request(path, { ...init, headers });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return response;
  }

  async get(path: string): Promise<Response> {
    const response = await this.request(path);
    if (response.headers.get('content-type')?.includes('text/html')) {
      const text = await response.clone().text();
      const match = /name="_csrf" value="([^"]+)"/.exec(text);
      if (match) this.csrf = match[1]!;
    }
    return response;
  }

  async html(path: string): Promise<string> {
    const response = await this.get(path);
    return response.text();
  }

  async post(
    path: string,
    form: Record<string, string | string[]>,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    if (options.csrf !== false) body.set('_csrf', typeof options.csrf === 'string' ? options.csrf : this.csrf);
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers }, body: body.toString() });
  }
}

/** An owner as the core sees one, for reading audit entries and the like straight from the domain in tests. */
export const ownerActor: Actor = { kind: 'admin', id: 0, label: '', role: 'owner', municipalityIds: [] };
