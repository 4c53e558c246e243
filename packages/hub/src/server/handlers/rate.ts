import { engine, fail, type Handlers } from '../pipeline.js';
import { deviceStatus, type HandlerDeps } from './common.js';

/** The rating pad's commands: a rating of a ticket served at its window. */
export function rateHandlers({ hub }: HandlerDeps): Handlers<'rate'> {
  return {
    rate: engine({
      may: ({ conn }, m) => {
        const ticket = hub.current.tickets.get(m.ticketId);
        return ticket && ticket.windowId !== conn.windowId
          ? fail('forbidden', `ticket ${ticket.number} was not served at this rating pad's window`)
          : null;
      },
      command: (_call, m) => ({
        type: 'rate',
        ticketId: m.ticketId,
        score: m.score,
        reasons: m.reasons,
      }),
      answer: () => ({ ok: true, result: {} }),
    }),
    device_status: { run: deviceStatus(hub) },
  };
}
