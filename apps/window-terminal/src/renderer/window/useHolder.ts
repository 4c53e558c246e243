import { useEffect, useState } from 'react';
import type { WindowPort } from './Terminal.js';

/**
 * The masked name (张*三) of the ticket at this window, when it was taken with an ID card
 * (docs/VISITORS.md): asked of the hub (`ticket_holder`) once per ticket called, while a clerk is
 * logged in; null without a card, before the answer, or when the answer names another ticket.
 */
export function useHolder(
  port: WindowPort,
  ticketId: string | null,
  loggedIn: boolean,
): string | null {
  const [holder, setHolder] = useState<{ ticketId: string; name: string | null } | null>(null);
  useEffect(() => {
    if (ticketId === null || !loggedIn) return;
    let gone = false;
    void port.command('ticket_holder', {}).then((outcome) => {
      if (gone || !outcome.ok || outcome.result.ticketId !== ticketId) return;
      setHolder({ ticketId, name: outcome.result.maskedName });
    });
    return () => {
      gone = true;
    };
  }, [port, ticketId, loggedIn]);
  return holder !== null && holder.ticketId === ticketId ? holder.name : null;
}
