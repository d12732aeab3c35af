import { broadcastMessage, type Broadcast, type BroadcastInput } from '../../../core/broadcasts/broadcasts.js';
import type { Core } from '../../../core/core.js';
import type { OutgoingMessage } from '../../../core/vocabulary/message.js';
import { localToUtc, utcToLocalInput } from '../../../core/time/time.js';
import type { BroadcastButton } from '../../../db/schema/index.js';
import type { TranslateArgs } from '../../../locales/translator.js';
import { checkTelegramHtml } from '../../../core/text/telegram-html.js';
import { describeIssue, str } from '../../kit.js';
import { audienceToForm, readAudienceForm } from '../audience-picker.js';

/** The composer's form and the domain's broadcast, both ways; the field names are the composer's (composer.tsx). */
export type FormValues = Record<string, string | string[]>;

/** Buttons the composer offers (Telegram shows each on its own row). */
export const buttonSlots = [1, 2, 3] as const;

/** The form's buttons: a row with an event id is a deep link to that event, a row with an address is a link. */
export function formButtons(form: FormValues): BroadcastButton[] {
  return buttonSlots.flatMap((n): BroadcastButton[] => {
    const text = str(form[`button${n}Text`]);
    const url = str(form[`button${n}Url`]);
    const event = str(form[`button${n}Event`]);
    if (!text && !url && !event) return [];
    if (event) return [{ kind: 'event', text, eventId: Number(event) }];
    return [{ kind: 'link', text, url }];
  });
}

/** A message's buttons as the form's fields. */
export function buttonsToForm(buttons: readonly BroadcastButton[]): FormValues {
  const out: FormValues = {};
  buttons.forEach((b, i) => {
    out[`button${i + 1}Text`] = b.text;
    if (b.kind === 'event') out[`button${i + 1}Event`] = String(b.eventId);
    else out[`button${i + 1}Url`] = b.url;
  });
  return out;
}

/** The photo or document of a form: a kind and a Telegram file id or https address, or none. */
export function formAttachment(form: FormValues): BroadcastInput['attachment'] {
  const kind = str(form.attachmentKind);
  const file = str(form.attachmentFile);
  if (!kind || !file) return null;
  return { kind: kind as 'photo' | 'document', file };
}

export function formToInput(form: FormValues, zone: string): BroadcastInput {
  const sendAt = str(form.sendAt);
  return {
    html: typeof form.html === 'string' ? form.html.replaceAll('\r\n', '\n') : '',
    attachment: formAttachment(form),
    buttons: formButtons(form),
    audience: readAudienceForm(form),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
    sendAt: sendAt ? localToUtc(sendAt, zone) : null,
    idempotencyKey: str(form.idempotencyKey) || undefined,
  };
}

export function broadcastToForm(b: Broadcast, zone: string): FormValues {
  return {
    html: b.html,
    attachmentKind: b.attachment?.kind ?? '',
    attachmentFile: b.attachment?.file ?? '',
    municipalityId: b.municipalityId === null ? '' : String(b.municipalityId),
    sendAt: utcToLocalInput(b.sendAt, zone),
    ...buttonsToForm(b.buttons),
    ...audienceToForm(b.audience),
  };
}

/** A one-time key for a composer form: submitting the same form twice makes one broadcast. */
export function newFormKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Field errors with every button problem under one "buttons" key and the attachment's under "attachment". */
export function composerErrors(described: Record<string, string>): Record<string, string> {
  const errors = { ...described };
  for (const [field, message] of Object.entries(errors)) {
    if (field.startsWith('buttons')) errors.buttons ??= message;
    if (field.startsWith('attachment')) errors.attachment ??= message;
  }
  return errors;
}

/** The message as the preview shows it, from the form (its buttons and photo included). */
export function previewFromForm(core: Core, form: FormValues): OutgoingMessage {
  return broadcastMessage(core, {
    html: typeof form.html === 'string' ? form.html : '',
    attachment: formAttachment(form) ?? null,
    buttons: formButtons(form).filter((b) => b.text),
    copyOf: null,
  });
}

/** The text's formatting problems in words, for the composer to show while typing (the same check as on save). */
export function problemsOf(t: (key: string, args?: TranslateArgs) => string, form: FormValues): string[] {
  const html = typeof form.html === 'string' ? form.html : '';
  if (!html.trim()) return [];
  return checkTelegramHtml(html, { field: 'html', caption: formAttachment(form) !== null }).map((issue) => describeIssue(issue, t));
}
