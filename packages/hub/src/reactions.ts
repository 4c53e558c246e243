import type { SequencedEvent, Staff } from '@onestop/shared';
import type { Hub } from './hub.js';
import { dropClosedDays } from './features/visitor-ids/visitor-ids.js';
import { fillCaseRollups, fillRollups } from './reports/report.js';

/** Backs the hall up when a business day closes (the CLI's `BackupScheduler`). */
export interface DayCloseBackups {
  dayClosed(): void;
}

/** The logins of the console and of the window terminals (the Socket.IO side keeps them). */
export interface StaffLogins {
  /**
   * Ends the sessions of staff now gone or inactive, or holding a console session of a role
   * they no longer have (`staff`: the configuration just committed); answers whose ended.
   */
  endInactive(staff: readonly Staff[]): ReadonlySet<string>;
  /** Ends the window logins of clerks given a new PIN. */
  pinReset(staffCodes: ReadonlySet<string>): void;
}

const byHub = new WeakMap<Hub, Reactions>();

/**
 * What the hub does in answer to its own events, in one place, after each committed batch is
 * published (before the batch goes out to the clients):
 * - a day closed: the ID cards' hashes and masked names of the day are dropped (their counts
 *   stay), its report figures are summed once (rollups) and the hall is backed up;
 * - staff disabled, removed or given another role (a `config_changed`): their sessions end and
 *   their idle open windows close;
 * - a new PIN (`staff_pin_reset`): the clerk's window logins end.
 */
export class Reactions {
  private readonly backups = new Set<DayCloseBackups>();
  private readonly logins = new Set<StaffLogins>();

  private constructor(private readonly hub: Hub) {}

  /** The hub's reactions, listening from the first call on. */
  static of(hub: Hub): Reactions {
    let reactions = byHub.get(hub);
    if (!reactions) {
      const made = new Reactions(hub);
      hub.onEvents((events) => made.react(events));
      byHub.set(hub, made);
      reactions = made;
    }
    return reactions;
  }

  addBackups(backups: DayCloseBackups): () => void {
    this.backups.add(backups);
    return () => this.backups.delete(backups);
  }

  addLogins(logins: StaffLogins): () => void {
    this.logins.add(logins);
    return () => this.logins.delete(logins);
  }

  private react(events: SequencedEvent[]): void {
    const closedDays: string[] = [];
    const pinReset = new Set<string>();
    let configChanged = false;
    for (const e of events) {
      if (e.type === 'day_closed') closedDays.push(e.businessDay);
      else if (e.type === 'config_changed') configChanged = true;
      else if (e.type === 'staff_pin_reset') pinReset.add(e.staffCode);
    }
    // Before the backup: the backup of a closed day holds no hash and no name.
    if (closedDays.length > 0) this.dropVisitorIds();
    if (closedDays.length > 0) for (const backups of this.backups) backups.dayClosed();
    for (const businessDay of closedDays) this.fillRollups(businessDay);
    if (configChanged) this.endInactiveStaff();
    if (pinReset.size > 0) for (const logins of this.logins) logins.pinReset(pinReset);
  }

  /** The closed days' ID card hashes and masked names go; only their counts stay. */
  private dropVisitorIds(): void {
    try {
      dropClosedDays(this.hub);
    } catch (err) {
      // Tried again when the hub next starts (features/visitor-ids).
      console.error(`onestop-hub: dropping the closed day's ID card records: ${String(err)}`);
    }
  }

  /**
   * A closed day never changes again: its report figures are summed once, now, so the first
   * report over past days reads rollups instead of the tickets. Its cases are counted too, and
   * those of the days whose cases stand still from now on (their deadlines passed).
   */
  private fillRollups(businessDay: string): void {
    try {
      fillRollups(this.hub.store, { from: businessDay, to: businessDay });
      fillCaseRollups(this.hub.store, this.hub.config, businessDay, this.hub.now());
    } catch (err) {
      // Only a head start: a report fills what is missing itself.
      console.error(`onestop-hub: report rollups of ${businessDay}: ${String(err)}`);
    }
  }

  /**
   * Staff disabled (or removed, or given another role) lose their sessions at once; their idle
   * open windows close (nobody is there to call), one holding a ticket stays for the next clerk
   * to finish. After this batch has reached everyone: events stay in order.
   */
  private endInactiveStaff(): void {
    const ended = new Set<string>();
    for (const logins of this.logins) {
      for (const code of logins.endInactive(this.hub.config.staff)) ended.add(code);
    }
    if (ended.size === 0) return;
    setImmediate(() => {
      try {
        for (const w of this.hub.current.windows.values()) {
          const gone = w.staffCode !== null && ended.has(w.staffCode);
          if (gone && w.status !== 'closed' && w.currentTicketId === null) {
            this.hub.system({ type: 'close_window', windowId: w.windowId });
          }
        }
      } catch (err) {
        // The hub closed meanwhile: the window stays as it was, in the log and on screen.
        console.error(`onestop-hub: closing a disabled clerk's window: ${String(err)}`);
      }
    });
  }
}
