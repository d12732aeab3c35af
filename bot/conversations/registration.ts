import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/errors.js';
import { countSchools, getMunicipality, getSchool, listMunicipalities, searchMunicipalities, searchSchools } from '../../core/directory/places.js';
import { schoolRoles, subjects, type PersonRole, type Subject } from '../../core/directory/vocabulary.js';
import { findUsableInvite } from '../../core/onboarding/invites.js';
import { escapeHtml } from '../../core/text/html.js';
import { fullNameSchema, submitRegistration } from '../../core/onboarding/registration.js';
import { registrationButton, type RegistrationStep } from '../callback-data/registration.js';
import type { BotContext, ConversationContext } from '../context.js';

type RegistrationConversation = Conversation<BotContext, ConversationContext>;
type Option = { value: string; label: string };
type Answer = { kind: 'button'; value: string } | { kind: 'text'; text: string };

export const registrationId = 'registration';

/**
 * Registration as one conversation: consent first (nothing about the person is kept before it), then
 * municipality → school → role → subjects → full name → summary. With an invite, what the invite binds is
 * not asked. The state lives in SQLite, so a restart half-way continues at the same question.
 */
export function registrationConversation(core: Core) {
  return async function registration(conversation: RegistrationConversation, ctx: ConversationContext, inviteCode: string | null) {
    const invite = inviteCode
      ? await conversation.external(async () => {
          try {
            return { ok: true as const, invite: await findUsableInvite(core, inviteCode) };
          } catch (error) {
            if (error instanceof DomainError) return { ok: false as const, code: error.code };
            throw error;
          }
        })
      : null;
    if (invite && !invite.ok) {
      await ctx.reply(`${ctx.t(`error-${invite.code}`)}\n\n${ctx.t('registration-without-invite')}`);
      return;
    }

    await ctx.reply(ctx.t('consent-request', { operator: escapeHtml(core.config.operatorName), url: core.config.privacyPolicyUrl }), {
      parse_mode: 'HTML',
      reply_markup: keyboard('consent', [
        { value: 'yes', label: ctx.t('consent-yes') },
        { value: 'no', label: ctx.t('consent-no') },
      ]),
    });
    const consent = await askButton(conversation, 'consent');
    if (consent !== 'yes') {
      await ctx.reply(ctx.t('consent-declined'));
      return;
    }

    for (;;) {
      const bound = invite?.invite;
      const municipalityId = bound?.municipalityId ?? (await askMunicipality(conversation, ctx, core));
      const schoolId = bound ? bound.schoolId : await askSchool(conversation, ctx, core, municipalityId);
      const role = (bound?.role as PersonRole | undefined) ?? (await askRole(conversation, ctx, schoolId));
      const chosenSubjects = role === 'teacher' ? await askSubjects(conversation, ctx) : [];
      const fullName = await askFullName(conversation, ctx);
      const place = await conversation.external(async () => ({
        municipality: (await getMunicipality(core, municipalityId))?.name ?? '—',
        school: schoolId === null ? null : ((await getSchool(core, schoolId))?.shortName ?? '—'),
      }));

      await ctx.reply(
        ctx.t('registration-summary', {
          name: escapeHtml(fullName),
          municipality: escapeHtml(place.municipality),
          school: place.school === null ? '—' : escapeHtml(place.school),
          role: ctx.t(`role-${role}`),
          subjects: chosenSubjects.length ? chosenSubjects.map((s) => ctx.t(`subject-${s}`)).join(', ') : '—',
        }),
        {
          parse_mode: 'HTML',
          reply_markup: keyboard('confirm', [
            { value: 'send', label: ctx.t('registration-send') },
            { value: 'again', label: ctx.t('registration-again') },
          ]),
        },
      );
      if ((await askButton(conversation, 'confirm')) === 'again') continue;

      const outcome = await conversation.external(async () => {
        try {
          const person = await submitRegistration(core, {
            // On Telegram a private chat's id is the user's id.
            contact: { channel: 'telegram', userId: String(ctx.from!.id), chatId: String(ctx.from!.id) },
            language: ctx.locale,
            municipalityId,
            schoolId,
            role,
            subjects: chosenSubjects,
            fullName,
            inviteCode: inviteCode ?? undefined,
          });
          return { ok: true as const, status: person.status };
        } catch (error) {
          if (error instanceof DomainError) return { ok: false as const, code: error.code };
          throw error;
        }
      });
      if (!outcome.ok) await ctx.reply(ctx.t(`error-${outcome.code}`));
      else await ctx.reply(ctx.t(outcome.status === 'active' ? 'registration-done-active' : 'registration-done-pending'));
      return;
    }
  };
}

function keyboard(step: RegistrationStep, options: Option[], columns = 1): InlineKeyboard {
  const kb = new InlineKeyboard();
  options.forEach((o, i) => {
    kb.text(o.label, registrationButton.encode(step, o.value));
    if ((i + 1) % columns === 0) kb.row();
  });
  return kb;
}

/**
 * Waits for this step's button or a text. Anything else (a sticker, a command, a button of an older message) gets
 * a hint and is skipped: it never enters the conversation's replay log, so a confused person does not make their
 * stored state, and the replay of every later update, grow.
 */
async function waitAnswer(conversation: RegistrationConversation, step: RegistrationStep, acceptsText: boolean): Promise<Answer> {
  const isAnswer = (u: ConversationContext) =>
    u.callbackQuery ? registrationButton.parse(u.callbackQuery.data)?.step === step : acceptsText && !!u.message?.text && !u.message.text.startsWith('/');
  const next = await conversation.waitUntil(isAnswer, {
    otherwise: async (u) => {
      if (u.callbackQuery) await u.answerCallbackQuery({ text: u.t('button-outdated') });
      // Edits, reactions and the like are not answers and need no hint.
      else if (u.message) {
        const command = u.message.text?.startsWith('/') ?? false;
        await u.reply(u.t(command ? 'registration-in-progress' : acceptsText ? 'registration-type-or-press' : 'registration-press-button'));
      }
    },
  });
  const pressed = next.callbackQuery ? registrationButton.parse(next.callbackQuery.data) : undefined;
  if (!pressed) return { kind: 'text', text: next.message!.text! };
  await next.answerCallbackQuery();
  // An answered question loses its buttons, so nobody presses them again later (ticks stay until "done").
  if (step !== 'subj' || pressed.value === 'done') await next.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  return { kind: 'button', value: pressed.value };
}

async function askButton(conversation: RegistrationConversation, step: RegistrationStep): Promise<string> {
  const answer = await waitAnswer(conversation, step, false);
  return answer.kind === 'button' ? answer.value : '';
}

async function askMunicipality(conversation: RegistrationConversation, ctx: ConversationContext, core: Core): Promise<number> {
  const all = await conversation.external(() => listMunicipalities(core));
  let shown = all;
  let prompt = 'registration-municipality';
  for (;;) {
    await ctx.reply(ctx.t(prompt), {
      reply_markup: keyboard(
        'mun',
        shown.slice(0, 40).map((m) => ({ value: String(m.id), label: m.name })),
        2,
      ),
    });
    const answer = await waitAnswer(conversation, 'mun', true);
    if (answer.kind === 'button') {
      const id = Number(answer.value);
      if (all.some((m) => m.id === id)) return id;
      continue;
    }
    const matches = searchMunicipalities(all, answer.text);
    if (matches.length === 1) return matches[0]!.id;
    shown = matches.length ? matches : all;
    prompt = matches.length ? 'registration-municipality-matches' : 'registration-nothing-found';
  }
}

async function askSchool(conversation: RegistrationConversation, ctx: ConversationContext, core: Core, municipalityId: number): Promise<number | null> {
  const total = await conversation.external(() => countSchools(core, municipalityId));
  let shown = total <= 8 ? await conversation.external(() => searchSchools(core, municipalityId, '', 8)) : [];
  let prompt = shown.length ? 'registration-school-pick' : 'registration-school-type';
  for (;;) {
    const options = [...shown.map((s) => ({ value: String(s.id), label: s.shortName })), { value: 'none', label: ctx.t('registration-no-school') }];
    await ctx.reply(ctx.t(prompt), { reply_markup: keyboard('school', options) });
    const answer = await waitAnswer(conversation, 'school', true);
    if (answer.kind === 'button') {
      if (answer.value === 'none') return null;
      const id = Number(answer.value);
      if (shown.some((s) => s.id === id)) return id;
      continue;
    }
    const query = answer.text;
    const found = await conversation.external(() => searchSchools(core, municipalityId, query, 10));
    if (found.length) shown = found;
    prompt = found.length ? 'registration-school-pick' : 'registration-nothing-found';
  }
}

async function askRole(conversation: RegistrationConversation, ctx: ConversationContext, schoolId: number | null): Promise<PersonRole> {
  const roles: PersonRole[] = schoolId === null ? ['curator', 'coordinator'] : [...schoolRoles];
  await ctx.reply(ctx.t('registration-role'), {
    reply_markup: keyboard(
      'role',
      roles.map((r) => ({ value: r, label: ctx.t(`role-${r}`) })),
    ),
  });
  for (;;) {
    const value = await askButton(conversation, 'role');
    const role = roles.find((r) => r === value);
    if (role) return role;
  }
}

async function askSubjects(conversation: RegistrationConversation, ctx: ConversationContext): Promise<Subject[]> {
  const chosen = new Set<Subject>();
  const markup = () => {
    const kb = keyboard(
      'subj',
      subjects.map((s) => ({ value: s, label: `${chosen.has(s) ? '✅ ' : ''}${ctx.t(`subject-${s}`)}` })),
      2,
    );
    return kb.row().text(ctx.t('registration-subjects-done'), registrationButton.encode('subj', 'done'));
  };
  const message = await ctx.reply(ctx.t('registration-subjects'), { reply_markup: markup() });
  for (;;) {
    const value = await askButton(conversation, 'subj');
    if (value === 'done') {
      if (chosen.size > 0) return [...chosen];
      await ctx.reply(ctx.t('registration-subjects-empty'));
      continue;
    }
    const subject = subjects.find((s) => s === value);
    if (!subject) continue;
    if (chosen.has(subject)) chosen.delete(subject);
    else chosen.add(subject);
    await ctx.api.editMessageReplyMarkup(message.chat.id, message.message_id, { reply_markup: markup() });
  }
}

async function askFullName(conversation: RegistrationConversation, ctx: ConversationContext): Promise<string> {
  await ctx.reply(ctx.t('registration-full-name'));
  for (;;) {
    const answer = await waitAnswer(conversation, 'name', true);
    if (answer.kind !== 'text') continue;
    const parsed = fullNameSchema.safeParse(answer.text);
    if (parsed.success) return parsed.data;
    await ctx.reply(ctx.t(`registration-full-name-${parsed.error.issues[0]?.message ?? 'not-a-name'}`));
  }
}
