import type { Channel, ChannelPost } from '../../../core/channels/channels.js';
import type { OutgoingMessage } from '../../../core/deliveries/message.js';
import { CsrfField, FieldError, formatDateTime, str, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';
import { AttachmentField, TelegramPreview } from '../telegram-preview.js';

type FormValues = Record<string, string | string[]>;

/** A post of the channel as the page lists it: the post, its delivery, and the message as Telegram shows it. */
export interface ListedPost {
  post: ChannelPost;
  delivery: { status: string; sentAt: number | null; error: string | null } | undefined;
  message: OutgoingMessage;
}

/**
 * A channel: its state and the fix for a problem, a post form (filled from an event's announcement or post-release
 * when proposed), and its posts with edit and delete while they apply.
 */
export function ChannelPage(props: {
  c: PanelContext;
  channel: Channel;
  posts: ListedPost[];
  zone: string;
  events: { published: { id: number; title: string }[]; finished: { id: number; title: string }[] };
  writable: boolean;
  values: FormValues;
  errors?: Record<string, string>;
  editing?: { postId: number; errors: Record<string, string>; html: string };
}) {
  const { c, channel, posts, zone, values, errors, editing, writable } = props;
  const { published, finished } = props.events;
  const t = c.get('t');
  const v = (name: string) => str(values[name]);
  return (
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
      {posts.map(({ post, delivery, message }) => {
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
            <TelegramPreview t={t} message={message} />
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
    </>
  );
}
