/** A ticket's number: the service prefix and the day's sequence, at least three digits (A001, A1000). */
export function formatTicketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}
