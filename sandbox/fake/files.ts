/**
 * The files the fake keeps: what the bot uploads and what a user sends, so getFile and the download give their
 * bytes back (a test can then tell which file came back, and the panel can show a user's evidence photo).
 */
import { isUpload, type Json } from './params.js';

interface StoredFile {
  bytes: Buffer;
  name?: string | undefined;
}

export type MediaKind = 'photo' | 'document';

export class FileStore {
  private seq = 0;
  private readonly kept = new Map<string, StoredFile>();

  /** A fresh id such as `fake-photo-3`, `user-document-4`, `album-5`: one counter for all, so no two ever meet. */
  newId(prefix: string): string {
    return `${prefix}-${++this.seq}`;
  }

  /** A file a user sends: kept with its bytes under a new id. */
  keepFromUser(kind: MediaKind, name: string, bytes: Buffer): string {
    const fileId = this.newId(`user-${kind}`);
    this.kept.set(fileId, { bytes, name });
    return fileId;
  }

  /**
   * What the bot passed as a photo or document: a file_id it already has (kept as it is), or an upload whose bytes
   * are kept under a new id.
   */
  fromInput(kind: MediaKind, input: unknown): { fileId: string; name?: string | undefined } {
    const fileId = typeof input === 'string' && input !== '' ? input : this.newId(`fake-${kind}`);
    if (isUpload(input) && input.bytes) this.kept.set(fileId, { bytes: input.bytes, name: input.filename });
    return { fileId, name: isUpload(input) ? input.filename : undefined };
  }

  get(fileId: string): StoredFile | undefined {
    return this.kept.get(fileId);
  }

  /** What getFile answers: a size (16 for a file never uploaded here) and a path the download understands. */
  info(fileId: string): Json {
    const size = this.kept.get(fileId)?.bytes.length ?? 16;
    return { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: size, file_path: `files/${encodeURIComponent(fileId)}` };
  }

  /** A download's body: the kept bytes, or the file_id itself for a file never uploaded here. */
  download(fileId: string): Buffer | string {
    return this.kept.get(fileId)?.bytes ?? `file:${fileId}`;
  }

  clear(): void {
    this.kept.clear();
  }
}

/** The media fields of a Telegram Message: `photo` (one size, 800×600) or `document` with its name. */
export function mediaFields(kind: MediaKind, fileId: string, size: number, name?: string): Json {
  const file = { file_id: fileId, file_unique_id: `u-${fileId}` };
  return kind === 'photo' ? { photo: [{ ...file, width: 800, height: 600, file_size: size }] } : { document: { ...file, file_name: name, file_size: size } };
}
