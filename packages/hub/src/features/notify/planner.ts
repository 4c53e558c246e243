import type {
  Command,
  DomainEvent,
  EventType,
  HallState,
  NotifySettings,
  VisitorContact,
} from '@onestop/shared';
import { notifyAheadFor, notifyInviteOf, notifySettingsOf, peopleAhead } from '@onestop/shared';
import type { NotifyChannel, NotifyRecords, NotifyWrites } from '../../store/index.js';

/** Events after which a waiting ticket may have fewer people ahead of it. */
const QUEUE_SHRINKS: ReadonlySet<EventType> = new Set<EventType>([
  'ticket_called',
  'ticket_cancelled',
  'ticket_transferred',
  'ticket_parked',
]);

/** How a contact's messages go with these settings, or null when none can. */
export function channelFor(
  settings: NotifySettings,
  contact: VisitorContact,
): NotifyChannel | null {
  if (contact.wechatOpenId !== null && settings.wechat !== null) return 'wechat';
  if (contact.phone !== null && settings.sms !== null) return 'sms';
  return null;
}

/**
 * How a contact's invitation to rate goes, or null when none can: the contact's channel, and only
 * if the hall registered a template for the invitation with that provider.
 */
export function inviteChannelFor(
  settings: NotifySettings,
  contact: VisitorContact,
): NotifyChannel | null {
  if (notifyInviteOf(settings) === null) return null;
  const channel = channelFor(settings, contact);
  if (channel === 'wechat') return settings.wechat?.templateInvite ? channel : null;
  if (channel === 'sms') return settings.sms?.templateInvite ? channel : null;
  return null;
}

/**
 * Which messages a command brings, decided with the command (in `Hub.decideOne`, on the state
 * after its events) so they are written in its transaction: a ticket issued with a contact keeps
 * it; a ticket called gets "请 A015 号到 3 号窗口办理"; a waiting ticket with `N` or fewer
 * ahead (N per service) gets its turn-near message. What was already written is remembered
 * here for the day (and read back from the store at start and after a failed commit), and the
 * outbox's `UNIQUE (ticket_id, kind)` is the last guard against a second.
 */
export class NotifyPlanner {
  private day: string | null = null;
  /** Today's tickets with a contact. */
  private contacts = new Map<string, VisitorContact>();
  /** Tickets whose turn-near message is written, or not to be (called, or few ahead at issue). */
  private nearDone = new Set<string>();
  private calledDone = new Set<string>();
  /** Tickets whose invitation to rate is written (one per ticket, whatever its steps). */
  private invitedDone = new Set<string>();

  constructor(private readonly records: NotifyRecords) {}

  /** Reads the day's contacts and messages back from the store (what was committed). */
  reload(state: Readonly<HallState>): void {
    this.day = state.day?.businessDay ?? null;
    this.contacts = new Map();
    this.nearDone = new Set();
    this.calledDone = new Set();
    this.invitedDone = new Set();
    if (this.day === null) return;
    const { contacts, written } = this.records.dayPlan(this.day);
    this.contacts = contacts;
    for (const w of written) {
      if (!contacts.has(w.ticketId)) continue;
      if (w.kind === 'invite') this.invitedDone.add(w.ticketId);
      if (w.kind === 'called') this.calledDone.add(w.ticketId);
      this.nearDone.add(w.ticketId);
    }
  }

  /** The contacts and messages `events` (just applied to `state`) bring; undefined if none. */
  plan(
    state: Readonly<HallState>,
    command: Command,
    events: readonly DomainEvent[],
  ): NotifyWrites | undefined {
    const settings = notifySettingsOf(state.config);
    const writes: NotifyWrites = { contacts: [], messages: [] };
    let shrinks = false;
    for (const e of events) {
      switch (e.type) {
        case 'day_opened':
        case 'day_closed':
          this.day = e.type === 'day_opened' ? e.businessDay : null;
          this.contacts = new Map();
          this.nearDone = new Set();
          this.calledDone = new Set();
          this.invitedDone = new Set();
          break;
        case 'ticket_issued': {
          const contact = command.type === 'issue_ticket' ? command.contact : undefined;
          if (contact) this.issued(state, settings, e.ticket.id, contact, writes);
          break;
        }
        case 'ticket_called':
          this.called(state, settings, e.ticketId, e.windowId, writes);
          break;
        case 'service_finished':
          if (e.done) this.finished(state, settings, e.ticketId, e.at, writes);
          break;
        default:
          break;
      }
      if (QUEUE_SHRINKS.has(e.type)) shrinks = true;
    }
    if (shrinks && this.nearDone.size < this.contacts.size) this.near(state, settings, writes);
    return writes.contacts.length + writes.messages.length > 0 ? writes : undefined;
  }

  private issued(
    state: Readonly<HallState>,
    settings: NotifySettings,
    ticketId: string,
    contact: VisitorContact,
    writes: NotifyWrites,
  ): void {
    const ticket = state.tickets.get(ticketId);
    if (!ticket || channelFor(settings, contact) === null) return; // nothing could be sent: not kept
    this.contacts.set(ticketId, contact);
    writes.contacts.push({ ticketId, businessDay: ticket.businessDay, contact });
    const n = notifyAheadFor(settings, ticket.queueServiceIds[0] ?? ticket.serviceId);
    const ahead = peopleAhead(state, ticketId);
    if (n > 0 && (ahead === null || ahead > n)) return; // a message later, when it gets near
    this.nearDone.add(ticketId);
    // Few enough ahead already: the ticket says so; recorded, so none comes later.
    writes.messages.push({
      ticketId,
      kind: 'near',
      businessDay: ticket.businessDay,
      channel: 'none',
      status: 'skipped',
      params: { number: ticket.number, count: ahead ?? 0 },
    });
  }

  private called(
    state: Readonly<HallState>,
    settings: NotifySettings,
    ticketId: string,
    windowId: string,
    writes: NotifyWrites,
  ): void {
    const contact = this.contacts.get(ticketId);
    if (!contact) return;
    this.nearDone.add(ticketId); // called: "near" is past
    if (this.calledDone.has(ticketId)) return;
    const ticket = state.tickets.get(ticketId);
    const window = state.config.windows.find((w) => w.id === windowId);
    const channel = channelFor(settings, contact);
    if (!ticket || !window || channel === null) return;
    this.calledDone.add(ticketId);
    writes.messages.push({
      ticketId,
      kind: 'called',
      businessDay: ticket.businessDay,
      channel,
      status: 'pending',
      params: { number: ticket.number, window: window.number },
    });
  }

  /**
   * The visit is over (its last step finished): the invitation to rate, due after the hall's
   * delay. Whether the step is rated by then is checked when it is sent (store.claimInvite).
   */
  private finished(
    state: Readonly<HallState>,
    settings: NotifySettings,
    ticketId: string,
    at: number,
    writes: NotifyWrites,
  ): void {
    const invite = notifyInviteOf(settings);
    const contact = this.contacts.get(ticketId);
    if (!invite || !contact || this.invitedDone.has(ticketId)) return;
    const ticket = state.tickets.get(ticketId);
    const channel = inviteChannelFor(settings, contact);
    if (!ticket || channel === null) return;
    this.invitedDone.add(ticketId);
    writes.messages.push({
      ticketId,
      kind: 'invite',
      businessDay: ticket.businessDay,
      channel,
      status: 'pending',
      params: { number: ticket.number, token: ticket.accessToken },
      dueAt: at + invite.delayMinutes * 60_000,
    });
  }

  private near(state: Readonly<HallState>, settings: NotifySettings, writes: NotifyWrites): void {
    for (const [ticketId, contact] of this.contacts) {
      if (this.nearDone.has(ticketId)) continue;
      const ticket = state.tickets.get(ticketId);
      if (ticket?.status !== 'waiting') continue;
      const n = notifyAheadFor(settings, ticket.queueServiceIds[0] ?? ticket.serviceId);
      const ahead = peopleAhead(state, ticketId);
      const channel = channelFor(settings, contact);
      if (n === 0 || ahead === null || ahead > n || channel === null) continue;
      this.nearDone.add(ticketId);
      writes.messages.push({
        ticketId,
        kind: 'near',
        businessDay: ticket.businessDay,
        channel,
        status: 'pending',
        params: { number: ticket.number, count: ahead },
      });
    }
  }
}
