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
import { formBody, validForm, type FieldErrors } from '../forms.js';
import { page, str, type PanelContext } from '../kit.js';
import { buttonsToForm, formAttachment, formButtons } from '../views/broadcasts/form.js';
import { ChannelPage } from '../views/channels/channel.js';
import { ChannelsList } from '../views/channels/list.js';

type FormValues = Record<string, string | string[]>;

/**
 * Channels: add one (the bot's rights are checked with Telegram, and a problem is explained with the fix), posts now
 * or at a time, an event's announcement with «Записаться», a post-release proposed from a finished event, and edits
 * and deletion of what was posted. The messenger is the bot's: these calls are answers to an admin, not bulk sends.
 */
export function channelsRoutes(messenger: ChannelMessenger) {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => listPage(c));

  app.post('/', validForm(formBody, { view: listPage }), async (c) => {
    const form = c.req.valid('form');
    const channel = await addChannel(c.get('core'), c.get('actor'), messenger, {
      chatId: str(form.chatId),
      municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
    });
    return c.redirect(`/channels/${channel.id}?done=${channel.problem ? 'channel-added-problem' : 'channel-added'}`, 303);
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

  const showChannel = async (c: PanelContext, values: FormValues, errors: FieldErrors) =>
    channelPage(c, await channelForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id'))), values, errors);
  app.post('/:id{[0-9]+}/posts', validForm(formBody, { view: showChannel }), async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const id = Number(c.req.param('id'));
    const form = c.req.valid('form');
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
    await scheduleChannelPost(core, actor, input);
    return c.redirect(`/channels/${id}?done=channel-post-scheduled`, 303);
  });

  /** A post's edit refused: the channel's page with that post's form open, as typed, and its messages. */
  const showPostEdit = async (c: PanelContext, values: FormValues, errors: FieldErrors) => {
    const postId = Number(c.req.param('postId'));
    const post = await channelPostForAdmin(c.get('core'), c.get('actor'), postId);
    return channelPage(c, await channelForAdmin(c.get('core'), c.get('actor'), post.channelId), {}, undefined, { postId, errors, html: str(values.html) });
  };
  app.post('/posts/:postId{[0-9]+}/edit', validForm(formBody, { view: showPostEdit }), async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const postId = Number(c.req.param('postId'));
    const form = c.req.valid('form');
    const post = await channelPostForAdmin(core, actor, postId);
    await editChannelPost(core, actor, messenger, postId, typeof form.html === 'string' ? form.html.replaceAll('\r\n', '\n') : '');
    return c.redirect(`/channels/${post.channelId}?done=channel-post-edited`, 303);
  });

  app.post('/posts/:postId{[0-9]+}/delete', async (c) => {
    const post = await deleteChannelPost(c.get('core'), c.get('actor'), messenger, Number(c.req.param('postId')));
    return c.redirect(`/channels/${post.channelId}?done=channel-post-deleted`, 303);
  });

  return app;
}

async function listPage(c: PanelContext, values: FormValues = {}, errors?: Record<string, string>) {
  const core = c.get('core');
  const actor = c.get('actor');
  const [rows, municipalities] = await Promise.all([listChannels(core, scopeOf(actor)), municipalitiesInScope(core, scopeOf(actor))]);
  return page(
    c,
    { title: c.get('t')('channels-title'), section: '/broadcasts', status: errors ? 400 : 200 },
    <ChannelsList c={c} rows={rows} municipalities={municipalities} writable={canWrite(actor)} values={values} errors={errors} />,
  );
}

async function channelPage(
  c: PanelContext,
  channel: Channel,
  values: FormValues,
  errors?: Record<string, string>,
  editing?: { postId: number; errors: Record<string, string>; html: string },
) {
  const core = c.get('core');
  const actor = c.get('actor');
  const [posts, zone, events] = await Promise.all([listChannelPosts(core, actor, channel.id), regionTimezone(core), eventsForChannel(core, actor)]);
  return page(
    c,
    { title: channel.title, section: '/broadcasts', status: errors || editing ? 400 : 200 },
    <ChannelPage
      c={c}
      channel={channel}
      posts={posts.map((p) => ({ ...p, message: channelPostMessage(core, p.post) }))}
      zone={zone}
      events={events}
      writable={canWrite(actor)}
      values={values}
      errors={errors}
      editing={editing}
    />,
  );
}
