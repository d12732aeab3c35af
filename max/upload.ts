import type { CallResult, MaxClient } from './client.js';

/**
 * MAX's two-step upload of a file (POST /uploads for an upload URL, then the bytes posted there as multipart), for
 * its token: a message takes a file only by MAX's own token. Used for documents the outbox sends by URL and for an
 * event's .ics sent in answer to a press.
 */
export async function uploadFile(client: MaxClient, bytes: Uint8Array<ArrayBuffer>, name: string): Promise<CallResult<string>> {
  const slot = await client.call<{ url: string; token?: string }>('POST', '/uploads', { query: { type: 'file' } });
  if (!slot.ok) return slot;
  try {
    const form = new FormData();
    form.append('data', new Blob([bytes]), name);
    const uploaded = await fetch(slot.data.url, { method: 'POST', body: form, signal: globalThis.AbortSignal.timeout(60_000) });
    const answer = (await uploaded.json()) as { token?: string };
    const token = slot.data.token ?? answer.token;
    return token ? { ok: true, data: token } : { ok: false, reason: 'transient', description: 'the upload gave no token' };
  } catch (error) {
    return { ok: false, reason: 'transient', description: `upload failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
