import type { ComplaintView } from '@onestop/shared';

/**
 * An open complaint opened by a poor rating, as `list_complaints` lists it, for the console's
 * tests: its ticket A001 at window w3, opened `openedAt`, with `overrides` on top.
 */
export function openComplaint(overrides: Partial<ComplaintView> = {}): ComplaintView {
  const openedAt = overrides.openedAt ?? Date.parse('2025-03-03T02:00:00Z');
  return {
    id: 'c-1',
    source: 'rating',
    ticketId: '2025-03-03/A001',
    windowId: 'w3',
    staffCode: '1003',
    serviceId: 'marriage',
    score: 1,
    reasons: ['wait'],
    openedAt,
    deadlineAt: openedAt + 21 * 86_400_000,
    callbackDueAt: openedAt + 86_400_000,
    contact: null,
    summary: null,
    ticketNumber: 'A001',
    status: 'open',
    assignee: null,
    callbackAt: null,
    closedAt: null,
    outcome: null,
    overdue: false,
    followUps: [],
    callback: null,
    rectification: null,
    closedAs: null,
    callbackState: 'pending',
    rectifyState: 'pending',
    ...overrides,
  };
}
