import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { serializeState } from '@onestop/shared';
import { PagesHub } from './support/hostile-http.js';
import { hostileHttpSuite } from './support/hostile-http-suite.js';

/*
 * The hub's HTTP routes put through the hostile HTTP suite every server on @onestop/http runs:
 * fuzzed methods, request targets (traversal, encodings, the routes' own prefixes with anything
 * after), headers and bodies; targets no parser takes; bodies that are not JSON, broken or too
 * large; clients that hang up; ways out of the pages folder. Never a 500 or a dropped
 * connection, every error a JSON body with a known code, the security headers on every answer,
 * no file from outside the pages folder, and the hall's data as it was.
 */

let pages: PagesHub;
const errors = vi.spyOn(console, 'error');

beforeAll(async () => {
  pages = await PagesHub.start();
});
afterAll(async () => {
  await pages.close();
  errors.mockRestore();
});

/** What no request may change: the log, the tickets, devices, pairing codes, PIN attempts, memory. */
function dumpHallOf(h: PagesHub): unknown {
  const db = new Database(join(h.dir, 'hall.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return {
      events: db.prepare('SELECT * FROM events ORDER BY seq').all(),
      tickets: db.prepare('SELECT * FROM tickets ORDER BY id').all(),
      devices: db.prepare('SELECT id, token_hash, paired_at, revoked_at FROM devices').all(),
      codes: db.prepare('SELECT * FROM pairing_codes ORDER BY code_hash').all(),
      staff: db.prepare('SELECT * FROM staff_credentials ORDER BY staff_code').all(),
      memory: serializeState(h.hub.current, h.hub.store.lastSeq(), 0),
    };
  } finally {
    db.close();
  }
}

hostileHttpSuite('the hub', () => ({
  url: pages.url,
  jsonRoutes: ['/api/pair', '/api/login'],
  pages: ['/kiosk', '/window', '/rate', '/display', '/admin'],
  secret: pages.secret,
  words: ['api', 'health', 'pair', 'login', 'kiosk', 'window', 'rate', 'display', 'admin', 't'],
  // A visitor's ticket page that is not found is a page, for a phone's browser.
  htmlErrorsUnder: ['/t/'],
  state: () => dumpHallOf(pages),
  failures: () =>
    errors.mock.calls
      .map((args) => args.map(String).join(' '))
      .filter((line) => line.startsWith('onestop-hub')),
}));
