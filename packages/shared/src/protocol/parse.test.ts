import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES } from './examples.js';
import { LIMITS } from './limits.js';
import { COMMAND_SCHEMAS, commandNames, parseMessage } from './parse.js';
import { ROLES, type Role } from './roles.js';

function examplesOf(role: Role): [string, object][] {
  return Object.entries(EXAMPLE_MESSAGES[role]);
}

function failure(role: Role, event: string, raw: unknown): { code: string; message: string } {
  const result = parseMessage(role, event, raw);
  if (result.ok) throw new Error(`${role}/${event} accepted ${JSON.stringify(raw)}`);
  return result.error;
}

const issue = EXAMPLE_MESSAGES.kiosk.issue_ticket;

describe('parseMessage', () => {
  it('accepts the example of every command of every role, unchanged', () => {
    for (const role of ROLES) {
      expect(commandNames(role).sort()).toEqual(Object.keys(EXAMPLE_MESSAGES[role]).sort());
      for (const [event, example] of examplesOf(role)) {
        expect(parseMessage(role, event, example), `${role}/${event}`).toEqual({
          ok: true,
          value: example,
        });
      }
    }
  });

  it('refuses a command in a namespace that does not have it', () => {
    expect(failure('kiosk', 'call_next', EXAMPLE_MESSAGES.window.call_next)).toEqual({
      code: 'invalid_message',
      message: 'kiosk has no event "call_next"',
    });
    expect(failure('display', 'rate', EXAMPLE_MESSAGES.rate.rate).code).toBe('invalid_message');
    expect(failure('window', 'create_device', EXAMPLE_MESSAGES.admin.create_device).code).toBe(
      'invalid_message',
    );
    // Inherited keys of a plain object are not commands.
    for (const event of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(failure('admin', event, {}).code).toBe('invalid_message');
    }
  });

  it('names the path of every wrong field', () => {
    const { message } = failure('kiosk', 'issue_ticket', {
      ...issue,
      itinerary: [{ serviceIds: ['tax', 5] }, { serviceIds: [] }],
      class: 'vip',
    });
    expect(message).toMatch(/^invalid issue_ticket: /);
    expect(message).toContain('itinerary.0.serviceIds.1');
    expect(message).toContain('itinerary.1.serviceIds');
    expect(message).toContain('class');
  });

  it('refuses unknown keys, naming them', () => {
    const { message } = failure('window', 'call_next', { commandId: 'abcdefgh', windowId: 'w9' });
    expect(message).toContain('windowId');
    const nested = failure('kiosk', 'device_status', {
      ...EXAMPLE_MESSAGES.kiosk.device_status,
      printer: { paper: 'ok', coverOpen: false, online: true, temperature: 41 },
    });
    expect(nested.message).toContain('printer');
    expect(nested.message).toContain('temperature');
  });

  it('refuses what is not an object', () => {
    for (const raw of [undefined, null, 42, 'call', [], true]) {
      expect(failure('window', 'call_next', raw).code).toBe('invalid_message');
    }
  });

  it('checks the commandId', () => {
    for (const commandId of ['short', 'a'.repeat(65), 'has space1', 'slash/inside', 12345678]) {
      expect(failure('window', 'recall', { commandId }).message).toContain('commandId');
    }
    expect(parseMessage('window', 'recall', { commandId: 'a'.repeat(64) }).ok).toBe(true);
    expect(parseMessage('window', 'recall', { commandId: '0b7e8c52-1d7e-4a3b-9f1e' }).ok).toBe(
      true,
    );
  });

  it('caps strings and arrays', () => {
    const transfer = EXAMPLE_MESSAGES.window.transfer;
    expect(parseMessage('window', 'transfer', { ...transfer, note: 'n'.repeat(200) }).ok).toBe(
      true,
    );
    expect(failure('window', 'transfer', { ...transfer, note: 'n'.repeat(201) }).message).toContain(
      'note',
    );
    const rate = EXAMPLE_MESSAGES.rate.rate;
    expect(
      failure('rate', 'rate', { ...rate, reasons: ['a', 'b', 'c', 'd', 'e', 'f'] }).message,
    ).toContain('reasons');
    expect(failure('rate', 'rate', { ...rate, reasons: ['r'.repeat(101)] }).message).toContain(
      'reasons.0',
    );
    const steps = Array.from({ length: LIMITS.itineraryMaxSteps + 1 }, () => ({
      serviceIds: ['tax'],
    }));
    expect(failure('kiosk', 'issue_ticket', { ...issue, itinerary: steps }).message).toContain(
      'itinerary',
    );
    const twice = [{ serviceIds: ['tax'] }, { serviceIds: ['seal', 'tax'] }];
    expect(failure('kiosk', 'issue_ticket', { ...issue, itinerary: twice }).message).toContain(
      'itinerary: each service once',
    );
  });

  it('refuses control characters in text', () => {
    const park = EXAMPLE_MESSAGES.window.park;
    expect(failure('window', 'park', { ...park, note: 'line\nbreak' }).message).toContain('note');
    expect(failure('window', 'park', { ...park, note: 'nul\u0000' }).message).toContain('note');
    expect(parseMessage('window', 'park', { ...park, note: '去取租赁合同' }).ok).toBe(true);
  });

  it('wants integers where numbers count or tell time', () => {
    const park = EXAMPLE_MESSAGES.window.park;
    for (const until of [1.5, -1, Infinity, NaN, '1700000000000', 2 ** 60]) {
      expect(failure('window', 'park', { ...park, until }).message).toContain('until');
    }
    expect(parseMessage('window', 'park', { ...park, until: 1_741_939_200_000 }).ok).toBe(true);
    for (const lastSeq of [-1, 0.5, null, '3']) {
      expect(failure('display', 'sync', { lastSeq }).message).toContain('lastSeq');
    }
    expect(parseMessage('display', 'sync', { lastSeq: 0 })).toEqual({
      ok: true,
      value: { lastSeq: 0 },
    });
  });

  it('takes only the listed values of a union', () => {
    const rate = EXAMPLE_MESSAGES.rate.rate;
    for (const score of [0, 6, 2.5, '5']) {
      expect(failure('rate', 'rate', { ...rate, score }).message).toContain('score');
    }
    expect(parseMessage('rate', 'rate', { ...rate, score: null, reasons: [] }).ok).toBe(true);
    expect(failure('kiosk', 'issue_ticket', { ...issue, class: 'appointment' }).message).toContain(
      'class',
    );
    expect(
      failure('window', 'pause_window', { commandId: 'abcdefgh', reason: 'lunch' }).message,
    ).toContain('reason');
  });

  it('checks a transfer names exactly one target', () => {
    const transfer = EXAMPLE_MESSAGES.window.transfer;
    const both = failure('window', 'transfer', { ...transfer, toWindowId: 'w2' });
    expect(both.message).toContain('toServiceId: exactly one of toServiceId and toWindowId');
    expect(failure('window', 'transfer', { ...transfer, toServiceId: null }).code).toBe(
      'invalid_message',
    );
    expect(
      parseMessage('window', 'transfer', { ...transfer, toServiceId: null, toWindowId: 'w2' }).ok,
    ).toBe(true);
  });

  it('checks a new device names a window exactly when it is bound to one', () => {
    const device = EXAMPLE_MESSAGES.admin.create_device;
    expect(failure('admin', 'create_device', { ...device, windowId: null }).message).toContain(
      'windowId',
    );
    expect(failure('admin', 'create_device', { ...device, kind: 'kiosk' }).message).toContain(
      'windowId',
    );
    expect(
      parseMessage('admin', 'create_device', { ...device, kind: 'display', windowId: null }).ok,
    ).toBe(true);
    expect(
      parseMessage('admin', 'create_device', { ...device, kind: 'rating_pad', windowId: 'w3' }).ok,
    ).toBe(true);
  });

  it('checks business days are real days', () => {
    const open = EXAMPLE_MESSAGES.admin.open_day;
    expect(parseMessage('admin', 'open_day', { ...open, businessDay: '2024-02-29' }).ok).toBe(true);
    for (const businessDay of ['2025-02-29', '2025-13-01', '2025-3-14', '14/03/2025', '']) {
      expect(failure('admin', 'open_day', { ...open, businessDay }).message).toContain(
        'businessDay',
      );
    }
  });

  it('answers message_too_large before looking inside', () => {
    const huge = { ...EXAMPLE_MESSAGES.window.park, note: '长'.repeat(6000) };
    expect(failure('window', 'park', huge)).toEqual({
      code: 'message_too_large',
      message: expect.stringMatching(/^park is 180\d\d bytes; the limit is 16384$/) as string,
    });
  });

  it('names at most maxIssuesReported issues', () => {
    const reasons = Array.from({ length: 5 }, () => 'x'.repeat(101));
    const bad = { commandId: 'no', ticketId: '', score: 9, reasons, extra1: 1, extra2: 2 };
    const { message } = failure('rate', 'rate', bad);
    expect(message.split('; ').length).toBeLessThanOrEqual(LIMITS.maxIssuesReported + 1);
  });

  it('never throws, whatever arrives', () => {
    const events = ROLES.flatMap((role) =>
      [...commandNames(role), 'sync', 'nope'].map((event) => [role, event] as const),
    );
    fc.assert(
      fc.property(fc.constantFrom(...events), fc.anything(), ([role, event], raw) => {
        const result = parseMessage(role, event, raw);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    // Each field of each example, replaced by anything.
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.anything(), fc.nat(), (role, value, pick) => {
        const entries = examplesOf(role);
        const [event, example] = entries[pick % entries.length] ?? ['', {}];
        const keys = Object.keys(example);
        const key = keys[pick % keys.length] ?? 'commandId';
        const result = parseMessage(role, event, { ...example, [key]: value });
        if (result.ok) expect(COMMAND_SCHEMAS[role]).toHaveProperty(event);
      }),
      { numRuns: 2000 },
    );
  });
});
