import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import type { ChannelMessenger } from '../../core/deliveries/messenger.js';
import {
  addChannel,
  channelForAdmin,
  channelPostForAdmin,
  channelPostMessage,
  checkChannel,
  deleteChannelPost,
  editChannelPost,
  eventAnnouncementDraft,
  eventsForChannel,
  listChannelPosts,
  listChannels,
  postReleaseDraft,
  scheduleChannelPost,
  type Channel,
  type ChannelPostInput,
} from '../../core/channels/channels.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { localToUtc } from '../../core/time/time.js';
import type { AdminEnv } from '../env.js';
import { Select } from '../views/components.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, isDomainError, page, readForm, str, type PanelContext } from '../kit.js';
import { AttachmentField, buttonsToForm, formAttachment, formButtons, TelegramPreview } from './broadcasts.js';

type FormValues = Record<string, string | string[]>;

/**
 * Channels: add one (the bot's rights are checked with Telegram, and a problem is explained with the fix), posts now
 * or at a time, an event's announcement with «Записаться», a post-release proposed from a finished event, and edits
 * and deletion of what was posted. The messenger is the bot's: these calls are answers to an admin, not bulk sends.
 */
export function channelsRoutes(messenger: ChannelMessenger) {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => listPage(c));

  app.post('/', async (c) => {
    const form = await readForm(c);
    try {
      const channel = await addChannel(c.get('core'), c.get('actor'), messenger, {
        chatId: str(form.chatId),
        municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
      });
      return c.redirect(`/channels/${channel.id}?done=${channel.problem ? 'channel-added-problem' : 'channel-added'}`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return listPage(c, form, fieldErrors(error, c.get('t')));
    }
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const channel = await channelForAdmin(core, actor, Number(c.req.param('id')));
    // A post-release or an announcement proposed from an event fills the post form, to be edited before posting.
    const release = c.req.query('release');
    const announce = c.req.query('announce');
    let values: FormValues = {};
    if (release) {
      const draft = await postReleaseDraft(core, actor, Number(release));
      values = { html: draft.html, kind: 'post-release', eventId: release };
    } else if (announce) {
      const draft = await eventAnnouncementDraft(core, actor, Number(announce));
      values = { html: draft.html, kind: 'announcement', eventId: announce, ...buttonsToForm(draft.buttons ?? []) };
    }
    return channelPage(c, channel, values);
  });

  app.post('/:id{[0-9]+}/check', async (c) => {
    const channel = await checkChannel(c.get('core'), c.get('actor'), messenger, Number(c.req.param('id')));
    return c.redirect(`/channels/${channel.id}?done=${channel.problem ? 'channel-still-problem' : 'channel-ok'}`, 303);
  });

  app.post('/:id{[0-9]+}/posts', async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const zone = await regionTimezone(core);
    const input: ChannelPostInput = {
      channelId: id,
      kind: (str(form.kind) || 'post') as ChannelPostInput['kind'],
      eventId: str(form.eventId) ? Number(str(form.eventId)) : null,
      html: typeof form.html === 'string' ? form.html.replaceAll('\r\n', '\n') : '',
      attachment: formAttachment(form) ?? null,
      buttons: formButtons(form),
      postAt: str(form.postAt) ? localToUtc(str(form.postAt), zone) : null,
    };
    try {
      await scheduleChannelPost(core, actor, input);
      return c.redirect(`/channels/${id}?done=channel-post-scheduled`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return channelPage(c, await channelForAdmin(core, actor, id), form, fieldErrors(error, c.get('t')));
    }
  });

  app.post('/posts/:postId{[0-9]+}/edit', async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const postId = Number(c.req.param('postId'));
    const form = await readForm(c);
    const post = await channelPostForAdmin(core, actor, postId);
    try {
      await editChannelPost(core, actor, messenger, postId, typeof form.html === 'string' ? form.html.replaceAll('\r\n', '\n') : '');
      return c.redirect(`/channels/${post.channelId}?done=channel-post-edited`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const errors = fieldErrors(error, c.get('t'));
      return channelPage(c, await channelForAdmin(core, actor, post.channelId), {}, undefined, { postId, errors, html: str(form.html) });
    }
  });

  app.post('/posts/:postId{[0-9]+}/delete', async (c) => {
    const post = await deleteChannelPost(c.get('core'), c.get('actor'), messenger, Number(c.req.param('postId')));
    return c.redirect(`/channels/${post.channelId}?done=channel-post-deleted`, 303);
  });

  return app;
}

async function listPage(c: PanelContext, values: FormValues = {}, errors?: Record<string, string>) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [rows, municipalities] = await Promise.all([listChannels(core, scopeOf(actor)), municipalitiesInScope(core, scopeOf(actor))]);
  return page(
    c,
    { title: t('channels-title'), section: '/broadcasts', status: errors ? 400 : 200 },
    <>
      <h1>{t('channels-title')}</h1>
      {rows.length === 0 ? (
        <p class="muted">{t('channels-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <tbody>
              {rows.map((ch) => (
                <tr data-channel={String(ch.id)}>
                  <td>
                    <a href={`/channels/${ch.id}`}>{ch.title}</a>
                  </td>
                  <td>
                    <code>{ch.chatId}</code>
                  </td>
                  <td data-problem={ch.problem ?? ''}>{ch.problem ? t(`channel-problem-${ch.problem}`) : t('channel-ready')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite(actor) ? (
        <form method="post" action="/channels" class="card">
          <CsrfField c={c} />
          <h2>{t('channel-add')}</h2>
          <p class="muted">{t('channel-add-hint')}</p>
          <div class="field">
            <label>
              {t('channel-field-chat')}
              <input name="chatId" value={str(values.chatId)} placeholder="@prokachestvo38" />
            </label>
            <FieldError errors={errors} name="chatId" />
          </div>
          <div class="field">
            <Select
              label={t('broadcast-field-municipality')}
              name="municipalityId"
              value={str(values.municipalityId)}
              options={municipalities.map((m) => [m.id, m.name])}
              empty={scopeOf(actor).all ? t('broadcast-region-wide') : undefined}
              errors={errors}
            />
          </div>
          <button type="submit">{t('channel-add')}</button>
        </form>
      ) : null}
    </>,
  );
}

async function channelPage(
  c: PanelContext,
  channel: Channel,
  values: FormValues,
  errors?: Record<string, string>,
  editing?: { postId: number; errors: Record<string, string>; html: string },
) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [posts, zone, { published, finished }] = await Promise.all([
    listChannelPosts(core, actor, channel.id),
    regionTimezone(core),
    eventsForChannel(core, actor),
  ]);
  const v = (name: string) => str(values[name]);
  const writable = canWrite(actor);
  return page(
    c,
    { title: channel.title, section: '/broadcasts', status: errors || editing ? 400 : 200 },
    <>
      <h1>{channel.title}</h1>
      <p>
        <code>{channel.chatId}</code> · <span class="muted">{t('channel-checked', { at: formatDateTime(channel.checkedAt, zone) })}</span>
      </p>
      {channel.problem ? (
        <div class="card flash bad" data-channel-problem={channel.problem}>
          <p>
            <b>{t(`channel-problem-${channel.problem}`)}</b>
          </p>
          <p>{t(`channel-fix-${channel.problem}`)}</p>
        </div>
      ) : (
        <p data-channel-ready>{t('channel-ready')}</p>
      )}
      {writable ? (
        <form method="post" action={`/channels/${channel.id}/check`} class="inline">
          <CsrfField c={c} />
          <button type="submit" class="secondary">
            {t('channel-check')}
          </button>
        </form>
      ) : null}
      {writable && !channel.problem ? (
        <>
          <form method="get" action={`/channels/${channel.id}`} class="card filters">
            <Select label={t('channel-announce-event')} name="announce" value="" options={published.map((e) => [e.id, e.title])} empty="—" />
            <button type="submit" class="secondary">
              {t('channel-propose')}
            </button>
          </form>
          <form method="get" action={`/channels/${channel.id}`} class="card filters">
            <Select label={t('channel-release-event')} name="release" value="" options={finished.map((e) => [e.id, e.title])} empty="—" />
            <button type="submit" class="secondary">
              {t('channel-propose')}
            </button>
          </form>
          <form method="post" action={`/channels/${channel.id}/posts`} class="card" id="post-form">
            <CsrfField c={c} />
            <h2>{t(`channel-post-kind-${v('kind') || 'post'}`)}</h2>
            <input type="hidden" name="kind" value={v('kind') || 'post'} />
            <input type="hidden" name="eventId" value={v('eventId')} />
            <div class="field">
              <label>
                {t('broadcast-field-text')}
                <textarea name="html" rows={8} cols={60}>
                  {typeof values.html === 'string' ? values.html : ''}
                </textarea>
              </label>
              <FieldError errors={errors} name="html" />
            </div>
            <AttachmentField t={t} kind={v('attachmentKind')} file={v('attachmentFile')} errors={errors} errorName="attachment.file" />
            <div class="button-row">
              <input name="button1Text" value={v('button1Text')} placeholder={t('broadcast-button-text')} size={18} />
              <input name="button1Url" value={v('button1Url')} placeholder="https://…" size={28} />
              <input name="button1Event" value={v('button1Event')} placeholder={t('broadcast-button-event')} size={8} />
            </div>
            <div class="field">
              <label>
                {t('channel-field-post-at', { zone })}
                <input type="datetime-local" name="postAt" value={v('postAt')} />
              </label>
              <FieldError errors={errors} name="postAt" />
              <FieldError errors={errors} name="channelId" />
            </div>
            <button type="submit">{t('channel-post-submit')}</button>
          </form>
        </>
      ) : null}
      <h2>{t('channel-posts')}</h2>
      {posts.length === 0 ? <p class="muted">{t('channel-posts-empty')}</p> : null}
      {posts.map(({ post, delivery }) => {
        const state = post.status === 'queued' ? (delivery?.status ?? 'pending') : post.status;
        const editable = writable && (post.status === 'scheduled' || (post.status === 'queued' && delivery?.status === 'sent'));
        const mine = editing?.postId === post.id;
        return (
          <div class="card" data-post={String(post.id)} data-post-state={state}>
            <p>
              <b>{t(`channel-post-kind-${post.kind}`)}</b> · {t(`channel-post-state-${state}`)} ·{' '}
              <span class="muted">{formatDateTime(delivery?.sentAt ?? post.postAt, zone)}</span>
              {post.editedAt ? <span class="muted"> · {t('channel-post-edited')}</span> : null}
              {delivery?.error && delivery.status !== 'sent' ? <span class="muted"> · {delivery.error}</span> : null}
            </p>
            <TelegramPreview t={t} message={channelPostMessage(core, post)} />
            {editable ? (
              <form method="post" action={`/channels/posts/${post.id}/edit`}>
                <CsrfField c={c} />
                <textarea name="html" rows={4} cols={60}>
                  {mine ? editing!.html : post.html}
                </textarea>
                {mine ? <FieldError errors={editing!.errors} name="html" /> : null}
                {mine ? <FieldError errors={editing!.errors} name="status" /> : null}
                <button type="submit" class="secondary">
                  {t('channel-post-edit')}
                </button>
              </form>
            ) : null}
            {writable && post.status !== 'deleted' && post.status !== 'cancelled' ? (
              <form method="post" action={`/channels/posts/${post.id}/delete`} class="inline" data-confirm={t('confirm-channel-post-delete')}>
                <CsrfField c={c} />
                <button type="submit" class="danger">
                  {t('channel-post-delete')}
                </button>
              </form>
            ) : null}
          </div>
        );
      })}
    </>,
  );
}
