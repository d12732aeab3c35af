/**
 * The sandbox's world over the Telegram it plays: the demo people and the newcomers made on the page, the demo
 * region's groups and channels (made known to Telegram once, with their members as in core/directory/demo.ts),
 * the chats a person sees, and a few demo files to send.
 */
import { demoChannels, demoGroups, demoTelegramIdBase } from '../../../core/directory/demo.js';
import type { SandboxChat, SandboxTelegram } from '../../sandbox-port.js';
import type { ChatView } from '../../views/sandbox/messages.js';
import { roleLabel, telegramNames, type SandboxPerson, type SandboxTranslate } from '../../views/sandbox/page.js';

/** Newcomers get ids here: below the demo people's 900 000 000, far from anything real in a sandbox. */
export const newcomerIdBase = 700_000_000;

/** A few files to send without a file of one's own: a photo of a school's stand, a plan, a protocol. */
export const demoFiles: { id: string; kind: 'photo' | 'document'; name: string; bytes: () => Buffer }[] = [
  { id: 'stand', kind: 'photo', name: 'стенд-школы.svg', bytes: () => Buffer.from(demoPicture('Стенд школы', '#3390ec')) },
  { id: 'visit', kind: 'photo', name: 'посещение.svg', bytes: () => Buffer.from(demoPicture('Посещение школы', '#54cb68')) },
  { id: 'plan', kind: 'document', name: 'План работы ШНОР.pdf', bytes: () => Buffer.from('%PDF-1.4\n% Демо-файл песочницы Маяка: план работы школы\n%%EOF\n') },
  { id: 'protocol', kind: 'document', name: 'Протокол педсовета.txt', bytes: () => Buffer.from('Протокол педсовета (демо-файл песочницы Маяка)\n') },
];

function demoPicture(title: string, colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240"><rect width="400" height="240" rx="16" fill="${colour}"/><text x="200" y="130" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">${title}</text></svg>`;
}

/** The content type a kept file is served with, from its name. */
export function fileType(name: string): string {
  if (name.endsWith('.svg')) return 'image/svg+xml';
  if (name.endsWith('.ics')) return 'text/calendar; charset=utf-8';
  if (name.endsWith('.pdf')) return 'application/pdf';
  if (/\.(png)$/i.test(name)) return 'image/png';
  if (/\.(jpe?g)$/i.test(name)) return 'image/jpeg';
  return 'application/octet-stream';
}

type Person = Omit<SandboxPerson, 'role'>;

export class SandboxWorld {
  readonly groups = new Set<number>();
  readonly channels = new Set<number>();
  private readonly members = new Set<number>();
  private readonly people: (Person & { roles: string[] })[];
  private readonly newcomers: Person[] = [];
  private lastNewcomer = 0;

  constructor(
    private readonly api: SandboxTelegram,
    people: SandboxChat['people'],
  ) {
    this.people = people.map((p) => ({ telegramId: p.telegramId, name: p.name, ...telegramNames(p.name), roles: p.roles }));
    this.setUp();
  }

  /** The picker's two lists; the role line is put into words per request, with the request's translator. */
  pickers(t: SandboxTranslate): { people: SandboxPerson[]; newcomers: SandboxPerson[] } {
    return {
      people: this.people.map(({ roles, ...p }) => ({ ...p, role: roleLabel(roles, t) })),
      newcomers: this.newcomers.map((p) => newcomerView(p, t)),
    };
  }

  addNewcomer(firstName: string, t: SandboxTranslate): SandboxPerson {
    // Ids from the clock, so a newcomer is new even to a database kept from an earlier run of the sandbox.
    let n = Math.max(this.lastNewcomer + 1, Math.floor(Date.now() / 1000) % 100_000_000);
    while (this.api.chat(newcomerIdBase + n).length > 0) n++;
    this.lastNewcomer = n;
    const newcomer = { telegramId: newcomerIdBase + n, name: firstName, firstName, newcomer: true };
    this.newcomers.push(newcomer);
    return newcomerView(newcomer, t);
  }

  nameOf(id: number): string | undefined {
    return this.people.find((p) => p.telegramId === id)?.name ?? this.newcomers.find((p) => p.telegramId === id)?.name;
  }

  /** The sandbox acts only for its own people: the demo ones and newcomers made here (never anyone else's id). */
  isPerson(id: number): boolean {
    return this.people.some((p) => p.telegramId === id) || this.newcomers.some((p) => p.telegramId === id);
  }

  /** One of its people's private chats, its groups (before or after migration), its channels. */
  isChat(id: number): boolean {
    return id > 0 ? this.isPerson(id) : this.groups.has(id) || this.channels.has(id);
  }

  /** A group's current id: a migrated group lives on as its supergroup. */
  currentGroup(id: number): number {
    let current = id;
    for (let next = this.api.groupState(current)?.migratedTo; next !== undefined; next = this.api.groupState(current)?.migratedTo) current = next;
    return current;
  }

  /** A person's chats: with the bot, the groups they are in (members and what they may do), the channels. */
  chatsOf(personId: number, t: SandboxTranslate): ChatView[] {
    const { api } = this;
    const chats: ChatView[] = [{ id: personId, kind: 'private', title: t('sandbox-bot-name') }];
    for (const id of this.groups) {
      const group = api.groupState(id);
      const status = api.memberStatus(id, personId);
      if (!group || group.migratedTo !== undefined || status === undefined || status === 'left' || status === 'kicked') continue;
      const members = [api.botUserId, ...this.members].flatMap((member) => {
        const memberStatus = api.memberStatus(id, member);
        if (memberStatus === undefined) return [];
        const bot = member === api.botUserId;
        return [{ id: member, name: bot ? t('sandbox-bot-name') : (this.nameOf(member) ?? String(member)), status: memberStatus, bot }];
      });
      chats.push({ id, kind: group.type, title: group.title, members, canManage: status === 'creator' || status === 'administrator' });
    }
    for (const id of this.channels) {
      const channel = api.channelState(id);
      if (channel) chats.push({ id, kind: 'channel', title: channel.title, bot: { admin: channel.botIsAdmin, ...channel.rights } });
    }
    return chats;
  }

  /** The demo's groups and channels, made known to Telegram once (a restart of the page finds them as they were). */
  private setUp(): void {
    const { api } = this;
    for (const group of demoGroups) {
      this.groups.add(group.chatId);
      if (api.groupState(group.chatId)) continue;
      api.addGroup(group.chatId, 'group', group.title);
      api.setMemberStatus(group.chatId, api.botUserId, group.botInGroup ? 'administrator' : 'left');
      for (const member of group.members) api.setMemberStatus(group.chatId, demoTelegramIdBase + member.person + 1, member.status);
    }
    for (const group of demoGroups) for (const member of group.members) this.members.add(demoTelegramIdBase + member.person + 1);
    for (const channel of demoChannels) {
      this.channels.add(channel.chatId);
      if (!api.channelState(channel.chatId)) api.addChannel(channel.chatId, channel.title, { rights: channel.rights });
    }
  }
}

function newcomerView(p: Person, t: SandboxTranslate): SandboxPerson {
  return { ...p, role: t('sandbox-newcomer-role', { id: String(p.telegramId) }) };
}
