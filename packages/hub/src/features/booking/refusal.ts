import type { AuditOnlyEvent, CommandAck, IssueCode } from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { Actor } from '../../store/index.js';

/** A change the console asked for that the hall refuses: thrown inside the transaction. */
class Refused extends Error {
  constructor(
    readonly path: string,
    readonly code: IssueCode,
    message: string,
  ) {
    super(message);
  }
}

/** Refuses the change being recorded: its transaction is rolled back, nothing is written. */
export function refuse(path: string, code: IssueCode, message: string): never {
  throw new Refused(path, code, message);
}

/**
 * Runs a console change and its audit event in one transaction (`Hub.record`, with the
 * command's stored result for its retry); a `refuse` inside it rolls everything back and
 * answers with the structured issue.
 */
export function recordOrRefuse<T>(
  hub: Hub,
  caller: { actor: Actor; actorKey: string },
  commandId: string,
  change: () => { events: AuditOnlyEvent[]; result: T },
): CommandAck<T> {
  try {
    return {
      ok: true,
      result: hub.record(caller.actor, caller.actorKey, commandId, change).result,
    };
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return {
      ok: false,
      error: {
        code: 'invalid_message',
        message: `${err.path}: ${err.message}`,
        issues: [{ path: err.path, code: err.code, params: {} }],
      },
    };
  }
}
