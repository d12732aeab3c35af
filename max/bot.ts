import type { Attachment, Update, User } from '@maxhub/max-bot-api/types';
import type { Core } from '../core/core.js';
import type { Pacer } from '../core/deliveries/pacer.js';
import { personByContact } from '../core/directory/contacts.js';
import { markBlockedByChat } from '../core/deliveries/recipients.js';
import { localeFromLanguageCode } from '../locales/translator.js';
import type { MaxClient } from './client.js';
import { consent, deleteMe, deleteMeAnswer, help, maxCommands, start, stop } from './features.js';
import { calendar, renewCalendar } from './calendar.js';
import { digestPress, profile, profilePayloads, profilePress } from './profile.js';
import { subscriptionPayload, subscriptionPress, subscriptionsList } from './subscriptions.js';
import { renewCalendarPayload } from '../core/events/calendar-feed.js';
import { eventButton } from '../core/events/buttons.js';
import { roadMapButton } from '../core/roadmaps/buttons.js';
import { visitButton } from '../core/tasks/visit-steps.js';
import { eventComment, eventPress, events } from './events.js';
import { approvalPress } from './approvals.js';
import { beginBroadcast, broadcastPayloads, broadcastPress, broadcastText, cancelBroadcast } from './broadcast.js';
import { cancelRegistration, registering, registrationPayload, registrationPress, registrationText } from './registration.js';
import { botMembership, groupMessage, linkChat, scopePress } from './school-chats.js';
import { surveyInvite, surveyPayloads, surveyStep, surveysList, surveyText } from './surveys.js';
import { roadmapAnswer, roadmapPress } from './roadmaps.js';
import { lateListPress, taskAnswer, taskPress, tasksList } from './tasks.js';
import { lateListAction } from '../core/tasks/messages.js';
import { cancelPrompt, visit, visitAnswer, visitPress } from './visits.js';
import type { SurveyStepAct } from '../core/surveys/messages.js';
import { approvalAction } from '../core/onboarding/registration.js';
import { schoolChatButton } from '../core/school-chats/school-chats.js';
import { MaxReplyError, MaxTurn, type Press } from './turn.js';

export interface MaxBotOptions {
  core: Core;
  client: MaxClient;
  log?: (message: string) => void;
  /** MAX's pacer: direct replies take their share of the rate. */
  pacer?: Pick<Pacer, 'take'>;
}

/**
 * The bot on MAX: turns each update (by webhook, max/webhook.ts) into a `MaxTurn` and hands it to the feature that
 * answers it (max/features.ts, max/registration.ts). Thin on purpose: every decision is the domain's. One bad update
 * is logged and never stops the bot; the person is told something went wrong.
 */
export class MaxBot {
  private readonly log: (message: string) => void;

  constructor(private readonly options: MaxBotOptions) {
    this.log = options.log ?? console.error;
  }

  /** The command menu, in Russian (MAX has one menu per bot). */
  async setCommands(): Promise<void> {
    const { core, client } = this.options;
    const commands = maxCommands.map((name) => ({ name, description: core.translate('ru', `command-${name.replace('_', '-')}`) }));
    const result = await client.call('PATCH', '/me/commands', { body: { commands } });
    if (!result.ok) throw new MaxReplyError(result.reason, result.description);
  }

  async handleUpdate(update: Update): Promise<void> {
    let turn: MaxTurn | undefined;
    try {
      turn = await this.turnOf(update);
      if (turn) await this.route(turn);
    } catch (error) {
      this.log(`max: ${update.update_type} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (turn && !(error instanceof MaxReplyError)) await turn.reply(turn.t('error-unexpected')).catch(() => undefined);
    }
  }

  /** Who wrote and where (a dialog, or a group chat: max/school-chats.ts); undefined for what the bot does not act on. */
  private async turnOf(update: Update): Promise<MaxTurn | undefined> {
    const at = (user: User, chatId: number | null | undefined, locale: unknown, press?: Press) =>
      chatId == null ? undefined : this.turn(update, user, String(chatId), locale, press);
    switch (update.update_type) {
      case 'bot_started':
      case 'bot_stopped':
        return at(update.user, update.chat_id, update.user_locale);
      case 'bot_added':
      case 'bot_removed':
        return update.is_channel ? undefined : at(update.user, update.chat_id, undefined);
      case 'message_created': {
        const { sender, recipient } = update.message;
        if (!sender || (recipient.chat_type !== 'dialog' && recipient.chat_type !== 'chat')) return undefined;
        return at(sender, recipient.chat_id, update.user_locale);
      }
      case 'message_callback': {
        const { callback, message } = update;
        const press = { callbackId: callback.callback_id, payload: callback.payload ?? '', mid: message?.body.mid };
        return at(callback.user, message?.recipient.chat_id, update.user_locale, press);
      }
      default:
        return undefined;
    }
  }

  /** `locale` is MAX's user_locale ('ru', 'en'…), typed by the SDK as an empty enum. */
  private async turn(update: Update, user: User, chatId: string, locale: unknown, press?: Press): Promise<MaxTurn> {
    const { core, client } = this.options;
    const userId = String(user.user_id);
    const person = await personByContact(core, 'max', userId);
    return new MaxTurn(
      core,
      client,
      this.options.pacer,
      update,
      userId,
      chatId,
      person,
      person?.language ?? localeFromLanguageCode(typeof locale === 'string' ? locale : undefined),
      press,
    );
  }

  private async route(turn: MaxTurn): Promise<void> {
    const update = turn.update;
    if (update.update_type === 'bot_started') {
      if (await registering(turn)) await cancelRegistration(turn);
      return start(turn, update.payload ?? '');
    }
    if (update.update_type === 'bot_stopped') return this.stopped(turn);
    if (update.update_type === 'bot_added' || update.update_type === 'bot_removed') return botMembership(turn, update.update_type === 'bot_added');
    if (update.update_type === 'message_created' && update.message.recipient.chat_type === 'chat')
      return groupMessage(turn, this.options.client, update.message.body.text ?? '');
    if (update.update_type === 'message_created') return this.text(turn, update.message.body.text ?? '', update.message.body.attachments ?? []);
    if (turn.press) return this.press(turn, turn.press.payload);
  }

  private async text(turn: MaxTurn, text: string, attachments: Attachment[]): Promise<void> {
    const [command, ...rest] = text.trim().split(/\s+/);
    if (command === '/cancel') {
      if (await cancelPrompt(turn)) return void (await turn.reply(turn.t('cancel-done-task')));
      if (!(await registering(turn)) && !(await cancelBroadcast(turn))) return void (await turn.reply(turn.t('cancel-nothing')));
      await cancelRegistration(turn);
      return void (await turn.reply(turn.t(turn.person ? 'cancel-done-registered' : 'cancel-done')));
    }
    if (command === '/start') {
      if (await registering(turn)) await cancelRegistration(turn);
      return start(turn, rest.join(' '));
    }
    if (await registering(turn)) return registrationText(turn, text.trim());
    if (command !== '/broadcast' && (await broadcastText(turn, text.trim()))) return;
    if (await taskAnswer(turn, text.trim(), attachments)) return;
    if (await visitAnswer(turn, text.trim(), attachments)) return;
    if (await eventComment(turn, text.trim())) return;
    if (!text.startsWith('/') && (await surveyText(turn, text.trim()))) return;
    if (await roadmapAnswer(turn, text.trim(), attachments)) return;
    switch (command) {
      case '/profile':
        return profile(turn);
      case '/subscriptions':
        return subscriptionsList(turn);
      case '/calendar':
        return calendar(turn);
      case '/stop':
        return stop(turn);
      case '/delete_me':
        return deleteMe(turn);
      case '/events':
        return events(turn);
      case '/surveys':
        return surveysList(turn);
      case '/tasks':
        return tasksList(turn);
      case '/visit':
        return visit(turn);
      case '/help':
        return help(turn);
      case '/link':
        return linkChat(turn, this.options.client);
      case '/broadcast':
        return beginBroadcast(turn);
      default:
        await turn.reply(turn.t(text.startsWith('/') ? 'unknown-command' : turn.person ? 'fallback-registered' : 'fallback-newcomer'));
    }
  }

  private async press(turn: MaxTurn, payload: string): Promise<void> {
    const registrationAnswer = registrationPayload.parse(payload);
    if (registrationAnswer) return registrationPress(turn, registrationAnswer.step, registrationAnswer.value);
    if (eventButton.pattern.test(payload)) return eventPress(turn, payload);
    if (visitButton.pattern.test(payload)) return visitPress(turn, payload);
    if (roadMapButton.pattern.test(payload)) return roadmapPress(turn, payload);
    const invite = surveyPayloads.invite.exec(payload);
    if (invite) return surveyInvite(turn, Number(invite[1]), invite[2] as 'go' | 'later');
    const step = surveyPayloads.step.exec(payload);
    if (step) return surveyStep(turn, Number(step[1]), Number(step[2]), step[3] as SurveyStepAct, step[4] ?? '');
    if (/^tkv?:/.test(payload)) return taskPress(turn, payload);
    if (payload === lateListAction) return lateListPress(turn);
    const approval = approvalAction.pattern.exec(payload);
    if (approval) return approvalPress(turn, Number(approval[1]), approval[2] === 'ok');
    const scope = schoolChatButton.parse(payload);
    if (scope) return scopePress(turn, scope);
    if (broadcastPayloads.test(payload)) return broadcastPress(turn, payload);
    if (payload === 'consent:yes' || payload === 'consent:no') return consent(turn, payload === 'consent:yes');
    if (payload === 'delme:yes' || payload === 'delme:no') return deleteMeAnswer(turn, payload === 'delme:yes');
    if (profilePayloads.profile.test(payload)) return profilePress(turn, payload);
    if (profilePayloads.digest.test(payload)) return digestPress(turn, payload);
    if (subscriptionPayload.test(payload)) return subscriptionPress(turn, payload);
    if (payload === renewCalendarPayload) return renewCalendar(turn);
    await turn.answer({ notification: turn.t('button-outdated') });
  }

  /** The person stopped the bot in MAX: their MAX contact is blocked (the outbox falls back to another). */
  private async stopped(turn: MaxTurn): Promise<void> {
    if (!turn.person) return;
    await markBlockedByChat(turn.core, turn.person.id, 'max');
  }
}
