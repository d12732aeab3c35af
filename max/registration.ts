import { conversationStore } from '../db/conversation-store.js';
import type { Core } from '../core/core.js';
import { schoolRoles, subjects, type PersonRole, type Subject } from '../core/directory/vocabulary.js';
import { countSchools, getMunicipality, getSchool, listMunicipalities, searchMunicipalities, searchSchools } from '../core/directory/places.js';
import { DomainError } from '../core/errors.js';
import { findUsableInvite } from '../core/onboarding/invites.js';
import { fullNameSchema, submitRegistration } from '../core/onboarding/registration.js';
import { escapeHtml } from '../core/text/html.js';
import type { MessageButton } from '../core/vocabulary/message.js';
import type { MaxTurn } from './turn.js';

/**
 * Registration on MAX: the same questions in the same words as Telegram's (bot/conversations/registration.ts), the
 * same domain (core/onboarding/registration.ts), but as a stored state machine instead of a grammY conversation:
 * each update moves the state one step, and the state is a row of `conversation_state` (key `max:<user id>`), so a
 * restart half-way continues at the same question. Buttons carry `reg:<step>:<value>` as on Telegram, so a button
 * of an older question is recognised and refused.
 */
const steps = ['consent', 'mun', 'school', 'role', 'subj', 'name', 'confirm'] as const;
type Step = (typeof steps)[number];

interface State {
  step: Step;
  invite: string | null;
  /** What the invite fixes: not asked. */
  bound: { municipalityId: number | null; schoolId: number | null; role: PersonRole } | null;
  municipalityId?: number;
  schoolId?: number | null;
  role?: PersonRole;
  subjects: Subject[];
  fullName?: string;
}

const key = (turn: MaxTurn) => `max:${turn.userId}`;
const store = (core: Core) => conversationStore<State>(core.database, () => core.clock.now());

export const registrationPayload = {
  encode: (step: Step, value: string | number) => `reg:${step}:${value}`,
  parse(payload: string): { step: Step; value: string } | undefined {
    const m = /^reg:([a-z]+):(.{1,40})$/.exec(payload);
    const step = steps.find((s) => s === m?.[1]);
    return step && m ? { step, value: m[2]! } : undefined;
  },
};

/** Whether this user is registering right now (their messages are answers, not commands). */
export async function registering(turn: MaxTurn): Promise<boolean> {
  return (await store(turn.core).read(key(turn))) !== undefined;
}

export async function cancelRegistration(turn: MaxTurn): Promise<void> {
  await store(turn.core).delete(key(turn));
}

/** Starts registration, by invite or on one's own: consent first, nothing about the person is kept before it. */
export async function beginRegistration(turn: MaxTurn, inviteCode: string | null): Promise<void> {
  let bound: State['bound'] = null;
  if (inviteCode) {
    try {
      const invite = await findUsableInvite(turn.core, inviteCode);
      bound = { municipalityId: invite.municipalityId, schoolId: invite.schoolId, role: invite.role as PersonRole };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await turn.reply(`${turn.t(`error-${error.code}`)}\n\n${turn.t('registration-without-invite')}`);
      return;
    }
  }
  await save(turn, { step: 'consent', invite: inviteCode, bound, subjects: [] });
  const { operatorName, privacyPolicyUrl } = turn.core.config;
  await turn.reply({
    html: turn.t('consent-request', { operator: escapeHtml(operatorName), url: privacyPolicyUrl }),
    buttons: [[button('consent', 'yes', turn.t('consent-yes'))], [button('consent', 'no', turn.t('consent-no'))]],
  });
}

/** A message while registering: an answer typed, or a hint. */
export async function registrationText(turn: MaxTurn, text: string): Promise<void> {
  const state = await store(turn.core).read(key(turn));
  if (!state) return;
  if (text.startsWith('/')) return void (await turn.reply(turn.t('registration-in-progress')));
  if (state.step === 'mun') return chooseMunicipality(turn, state, text);
  if (state.step === 'school') return chooseSchool(turn, state, text);
  if (state.step === 'name') {
    const parsed = fullNameSchema.safeParse(text);
    if (!parsed.success) return void (await turn.reply(turn.t(`registration-full-name-${parsed.error.issues[0]?.message ?? 'not-a-name'}`)));
    return summary(turn, { ...state, fullName: parsed.data, step: 'confirm' });
  }
  await turn.reply(turn.t('registration-press-button'));
}

/** A registration button pressed: this step's moves the state on, an older one is refused. */
export async function registrationPress(turn: MaxTurn, step: Step, value: string): Promise<void> {
  const state = await store(turn.core).read(key(turn));
  if (!state || state.step !== step) return turn.answer({ notification: turn.t('button-outdated') });
  // An answered question loses its buttons, so nobody presses them again later (ticks stay until "done").
  if (step !== 'subj' || value === 'done') await turn.dropButtons();
  if (step !== 'subj') await turn.answer();
  switch (step) {
    case 'consent':
      if (value !== 'yes') {
        await cancelRegistration(turn);
        return void (await turn.reply(turn.t('consent-declined')));
      }
      return afterPlace(turn, state);
    case 'mun': {
      const id = Number(value);
      if (!(await getMunicipality(turn.core, id))) return askMunicipality(turn, state, 'registration-municipality');
      return askSchool(turn, { ...state, municipalityId: id });
    }
    case 'school': {
      if (value === 'none') return askRole(turn, { ...state, schoolId: null });
      const school = await getSchool(turn.core, Number(value));
      if (!school || school.municipalityId !== state.municipalityId) return askSchool(turn, state);
      return askRole(turn, { ...state, schoolId: school.id });
    }
    case 'role': {
      const role = rolesFor(state.schoolId ?? null).find((r) => r === value);
      if (!role) return askRole(turn, state);
      return role === 'teacher' ? askSubjects(turn, { ...state, role }) : askName(turn, { ...state, role, subjects: [] });
    }
    case 'subj':
      return toggleSubject(turn, state, value);
    case 'confirm':
      return value === 'again' ? afterPlace(turn, { ...state, subjects: [] }) : submit(turn, state);
    case 'name':
      return;
  }
}

/** After consent (or «Заполнить заново»): what the invite binds is not asked. */
async function afterPlace(turn: MaxTurn, state: State): Promise<void> {
  const bound = state.bound;
  if (!bound) return askMunicipality(turn, state, 'registration-municipality');
  const next: State = { ...state, municipalityId: bound.municipalityId ?? undefined, schoolId: bound.schoolId, role: bound.role };
  return bound.role === 'teacher' ? askSubjects(turn, next) : askName(turn, next);
}

async function askMunicipality(turn: MaxTurn, state: State, prompt: string, shown?: { id: number; name: string }[]): Promise<void> {
  const all = shown ?? (await listMunicipalities(turn.core));
  await save(turn, { ...state, step: 'mun' });
  await turn.reply({
    html: turn.t(prompt),
    buttons: columns(
      all.slice(0, 40).map((m) => button('mun', m.id, m.name)),
      2,
    ),
  });
}

async function chooseMunicipality(turn: MaxTurn, state: State, text: string): Promise<void> {
  const all = await listMunicipalities(turn.core);
  const matches = searchMunicipalities(all, text);
  if (matches.length === 1) return askSchool(turn, { ...state, municipalityId: matches[0]!.id });
  return askMunicipality(turn, state, matches.length ? 'registration-municipality-matches' : 'registration-nothing-found', matches.length ? matches : all);
}

async function askSchool(turn: MaxTurn, state: State, found?: { id: number; shortName: string }[], prompt?: string): Promise<void> {
  const municipalityId = state.municipalityId!;
  const shown = found ?? ((await countSchools(turn.core, municipalityId)) <= 8 ? await searchSchools(turn.core, municipalityId, '', 8) : []);
  await save(turn, { ...state, step: 'school' });
  const options = [...shown.map((s) => button('school', s.id, s.shortName)), button('school', 'none', turn.t('registration-no-school'))];
  await turn.reply({ html: turn.t(prompt ?? (shown.length ? 'registration-school-pick' : 'registration-school-type')), buttons: columns(options, 1) });
}

async function chooseSchool(turn: MaxTurn, state: State, text: string): Promise<void> {
  const found = await searchSchools(turn.core, state.municipalityId!, text, 10);
  return found.length ? askSchool(turn, state, found, 'registration-school-pick') : askSchool(turn, state, [], 'registration-nothing-found');
}

const rolesFor = (schoolId: number | null): PersonRole[] => (schoolId === null ? ['curator', 'coordinator'] : [...schoolRoles]);

async function askRole(turn: MaxTurn, state: State): Promise<void> {
  await save(turn, { ...state, step: 'role' });
  const roles = rolesFor(state.schoolId ?? null);
  await turn.reply({
    html: turn.t('registration-role'),
    buttons: columns(
      roles.map((r) => button('role', r, turn.t(`role-${r}`))),
      1,
    ),
  });
}

function subjectButtons(turn: MaxTurn, chosen: Subject[]): MessageButton[][] {
  const ticks = subjects.map((s) => button('subj', s, `${chosen.includes(s) ? '✅ ' : ''}${turn.t(`subject-${s}`)}`));
  return [...columns(ticks, 2), [button('subj', 'done', turn.t('registration-subjects-done'))]];
}

async function askSubjects(turn: MaxTurn, state: State): Promise<void> {
  await save(turn, { ...state, step: 'subj', subjects: [] });
  await turn.reply({ html: turn.t('registration-subjects'), buttons: subjectButtons(turn, []) });
}

async function toggleSubject(turn: MaxTurn, state: State, value: string): Promise<void> {
  if (value === 'done') {
    await turn.answer();
    if (state.subjects.length === 0) {
      await turn.reply({ html: turn.t('registration-subjects-empty'), buttons: subjectButtons(turn, []) });
      return;
    }
    return askName(turn, state);
  }
  const subject = subjects.find((s) => s === value);
  if (!subject) return turn.answer();
  const chosen = state.subjects.includes(subject) ? state.subjects.filter((s) => s !== subject) : [...state.subjects, subject];
  await save(turn, { ...state, subjects: chosen });
  // The pressed message is replaced by the same question with the ticks moved.
  await turn.answer({ message: { html: turn.t('registration-subjects'), buttons: subjectButtons(turn, chosen) } });
}

async function askName(turn: MaxTurn, state: State): Promise<void> {
  await save(turn, { ...state, step: 'name' });
  await turn.reply(turn.t('registration-full-name'));
}

async function summary(turn: MaxTurn, state: State): Promise<void> {
  await save(turn, state);
  const municipality = state.municipalityId === undefined ? undefined : await getMunicipality(turn.core, state.municipalityId);
  const school = state.schoolId == null ? undefined : await getSchool(turn.core, state.schoolId);
  await turn.reply({
    html: turn.t('registration-summary', {
      name: escapeHtml(state.fullName ?? ''),
      municipality: escapeHtml(municipality?.name ?? '—'),
      school: school ? escapeHtml(school.shortName) : '—',
      role: turn.t(`role-${state.role}`),
      subjects: state.subjects.length ? state.subjects.map((s) => turn.t(`subject-${s}`)).join(', ') : '—',
    }),
    buttons: [[button('confirm', 'send', turn.t('registration-send'))], [button('confirm', 'again', turn.t('registration-again'))]],
  });
}

async function submit(turn: MaxTurn, state: State): Promise<void> {
  await cancelRegistration(turn);
  try {
    const person = await submitRegistration(turn.core, {
      contact: { channel: 'max', userId: turn.userId, chatId: turn.chatId },
      language: turn.locale,
      municipalityId: state.municipalityId ?? 0,
      schoolId: state.schoolId ?? null,
      role: state.role!,
      subjects: state.subjects,
      fullName: state.fullName ?? '',
      inviteCode: state.invite ?? undefined,
    });
    turn.person = person;
    await turn.reply(turn.t(person.status === 'active' ? 'registration-done-active' : 'registration-done-pending'));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.reply(turn.t(`error-${error.code}`));
  }
}

async function save(turn: MaxTurn, state: State): Promise<void> {
  await store(turn.core).write(key(turn), state);
}

function button(step: Step, value: string | number, text: string): MessageButton {
  return { text, action: registrationPayload.encode(step, value) };
}

function columns(buttons: MessageButton[], width: number): MessageButton[][] {
  const rows: MessageButton[][] = [];
  for (let i = 0; i < buttons.length; i += width) rows.push(buttons.slice(i, i + width));
  return rows;
}
