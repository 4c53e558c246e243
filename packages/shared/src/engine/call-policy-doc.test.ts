import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command } from '../domain/commands.js';
import { CALL_REASONS, type CallPolicy, type CallReason, type Ticket } from '../domain/types.js';
import { decide } from './decide.js';
import { MONDAY, EngineTestHall, shanghai, testHall } from './test-fixture.js';

/**
 * docs/CALL-POLICY.md's examples, run against the engine: each ```call-policy block is a small
 * script (the doc says what its lines mean) whose expectations must hold.
 */
const doc = readFileSync(new URL('../../../../docs/CALL-POLICY.md', import.meta.url), 'utf8');

interface Example {
  title: string;
  lines: string[];
}

function examples(): Example[] {
  const found: Example[] = [];
  const pattern = /### ([^\n]+)\n[\s\S]*?```call-policy\n([\s\S]*?)```/g;
  for (const [, title = '', body = ''] of doc.matchAll(pattern)) {
    const lines = body
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => line !== '');
    found.push({ title, lines });
  }
  return found;
}

function ticketByNumber(hall: EngineTestHall, number: string): Ticket {
  const ticket = [...hall.state.tickets.values()].find((t) => t.number === number);
  if (ticket === undefined) throw new Error(`no ticket ${number}`);
  return ticket;
}

function refusal(hall: EngineTestHall, command: Command): string {
  const decision = decide(hall.state, command, hall.now);
  return decision.ok ? 'accepted' : decision.error.code;
}

/** Runs one example; returns the call reasons it checked. */
function play(example: Example): CallReason[] {
  const policy: Partial<CallPolicy> = {};
  let lines = example.lines;
  while (lines[0]?.startsWith('policy ') === true) {
    for (const pair of lines[0].slice('policy '.length).split(/\s+/)) {
      const [key = '', value = ''] = pair.split('=');
      if (!['priorityRatio', 'maxWaitMinutes', 'appointmentGraceMinutes'].includes(key)) {
        throw new Error(`unknown policy setting ${key}`);
      }
      Object.assign(policy, { [key]: Number(value) });
    }
    lines = lines.slice(1);
  }
  const hall = EngineTestHall.open(testHall(policy));
  const checked: CallReason[] = [];
  for (const line of lines) {
    const words = line.split(/\s+/);
    const [verb = '', first = '', ...rest] = words;
    switch (verb) {
      case 'open':
        hall.openWindow(first);
        break;
      case 'at': {
        const at = shanghai(MONDAY, first);
        if (at < hall.now) throw new Error(`the clock goes back at "${line}"`);
        hall.now = at;
        break;
      }
      case 'issue': {
        const [itinerary = '', kind = 'normal', slot = ''] = line
          .slice('issue '.length)
          .split(/\s+(?=green|appointment)|(?<=appointment)\s+/);
        const steps = itinerary.split('>').map((s) => s.trim());
        if (kind === 'green') hall.issue(steps, 'priority');
        else if (kind === 'appointment') hall.issue(steps, 'appointment', shanghai(MONDAY, slot));
        else hall.issue(steps);
        break;
      }
      case 'serve':
        hall.serveNext(first);
        break;
      case 'call': {
        const ticket = ticketByNumber(hall, rest[0] ?? '');
        hall.run({ type: 'call_specific', windowId: first, ticketId: ticket.id });
        expect(hall.ticket(ticket.id).callReason).toBe('specific');
        checked.push('specific');
        break;
      }
      case 'transfer': {
        const [, to = '', refused, code] = words.slice(2);
        const command: Command = {
          type: 'transfer',
          windowId: first,
          toServiceId: null,
          toWindowId: to,
          note: '',
        };
        if (refused === 'refused') expect(refusal(hall, command), line).toBe(code);
        else hall.run(command);
        break;
      }
      case 'close':
        hall.run({ type: 'close_window', windowId: first });
        break;
      case 'calls': {
        const windowId = first.replace(/:$/, '');
        for (const expected of rest
          .join(' ')
          .split(',')
          .map((s) => s.trim())) {
          if (expected === 'nobody') {
            expect(refusal(hall, { type: 'call_next', windowId }), line).toBe('queue_empty');
            continue;
          }
          const [number = '', reason = ''] = expected.split(' ');
          const id = hall.callNext(windowId);
          const called = hall.ticket(id);
          expect(`${called.number} ${called.callReason ?? ''}`, line).toBe(`${number} ${reason}`);
          checked.push(called.callReason ?? 'fifo');
          hall.run({ type: 'no_show', windowId });
        }
        break;
      }
      default:
        throw new Error(`docs/CALL-POLICY.md: unknown line "${line}"`);
    }
  }
  return checked;
}

describe('docs/CALL-POLICY.md', () => {
  const all = examples();

  it('has its examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  for (const example of all) {
    it(example.title, () => {
      play(example);
    });
  }

  it('shows every call reason in an example', () => {
    const shown = new Set(all.flatMap(play));
    expect(CALL_REASONS.filter((r) => !shown.has(r))).toEqual([]);
  });
});
