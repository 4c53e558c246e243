import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from './support/hall.js';

/*
 * The three Electron entry points (kiosk, window terminal, hall display) run as Electron runs
 * them, with Electron faked: the module is loaded, `app` becomes ready, the config is looked
 * up, the window made and pointed at the hub (or the error box shown), then the app quits.
 * Each test loads its entry point afresh.
 */

// One fake for the whole file: the entry points are loaded afresh (vi.resetModules), the fake not.
const { electronFake, electronModule, FakeWindow } = await vi.hoisted(
  () => import('./support/fake-electron.js'),
);
vi.mock('electron', () => ({ ...electronModule, default: electronModule }));

const dir = mkdtempSync(join(tmpdir(), 'onestop-shells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HUB = 'http://127.0.0.1:7800';

beforeEach(() => {
  vi.resetModules();
  electronFake.reset();
  delete process.env.ONESTOP_TERMINAL_CONFIG;
  delete process.env.ONESTOP_KIOSK_CONFIG;
  delete process.env.ONESTOP_DISPLAY_DIR;
});

const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

/** Loads an entry point, makes the app ready and waits for its window (or its error box). */
async function run(entry: () => Promise<unknown>): Promise<void> {
  await entry();
  electronFake.becomeReady();
  await waitFor(
    () =>
      FakeWindow.all.length > 0 ||
      electronFake.errorBoxes.length > 0 ||
      electronFake.exits.length > 0,
    5_000,
    'the shell to start',
  );
}

const terminal = () => import('../apps/window-terminal/src/main/index.js');
const kiosk = () => import('../apps/kiosk/src/main/index.js');
const display = () => import('../apps/hall-display/src/main/index.js');

describe('the window terminal’s entry point', () => {
  it('reads its config, opens its serial ports, loads the hub’s page, holds one instance and quits', async () => {
    process.env.ONESTOP_TERMINAL_CONFIG = file('terminal.json', {
      hubUrl: HUB,
      serial: [{ path: join(dir, 'no-such-port'), protocol: 'frame68', led: true }],
    });
    await run(terminal);
    const [win] = FakeWindow.all;
    expect(win?.loaded.at(-1)).toBe(`${HUB}/window/`);
    // One instance: a second start brings this window to the front.
    electronFake.app.emit('second-instance');
    expect(win?.focused).toBe(1);
    // The terminal does not keep the screen awake (a clerk's PC may sleep with its owner).
    expect([...electronFake.blockers.values()]).toEqual([]);
    electronFake.app.quit();
    expect(electronFake.quits).toBe(1);
  });

  it('shows the error box with every problem and quits on a bad config', async () => {
    process.env.ONESTOP_TERMINAL_CONFIG = file('bad-terminal.json', {
      hubUrl: 'ftp://x',
      serial: [{ path: '/dev/ttyUSB0' }],
    });
    await run(terminal);
    expect(FakeWindow.all).toEqual([]);
    expect(electronFake.errorBoxes[0]?.content).toMatch(/hubUrl/);
    expect(electronFake.errorBoxes[0]?.content).toMatch(/serial\.0/);
    expect(electronFake.quits).toBe(1);
  });

  it('quits at once as a second instance, opening nothing', async () => {
    electronFake.lockGranted = false;
    await terminal();
    electronFake.becomeReady();
    await new Promise((r) => setTimeout(r, 50));
    expect(electronFake.quits).toBe(1);
    expect(FakeWindow.all).toEqual([]);
  });
});

describe('the kiosk’s entry point', () => {
  it('keeps the screen awake while it runs, loads the hub’s page, and lets the screen sleep after quitting', async () => {
    process.env.ONESTOP_KIOSK_CONFIG = file('kiosk.json', { hubUrl: HUB });
    await run(kiosk);
    expect(FakeWindow.all[0]?.loaded.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:7800\/kiosk\//);
    expect([...electronFake.blockers.values()]).toEqual(['prevent-display-sleep']);
    electronFake.app.quit();
    expect(electronFake.blockers.size).toBe(0);
  });

  it('shows the error box in both languages and exits on a bad config', async () => {
    process.env.ONESTOP_KIOSK_CONFIG = file('bad-kiosk.json', '{ not json');
    await run(kiosk);
    expect(electronFake.errorBoxes[0]?.title).toBe('取号机配置有误 · The kiosk config is wrong');
    expect(electronFake.exits).toEqual([1]);
    expect(FakeWindow.all).toEqual([]);
  });
});

describe('the hall display’s entry point', () => {
  it('fills its screen with the board, keeps it awake, and holds one instance', async () => {
    const configDir = mkdtempSync(join(dir, 'display-'));
    writeFileSync(join(configDir, 'display.json'), JSON.stringify({ hubUrl: HUB }));
    process.env.ONESTOP_DISPLAY_DIR = configDir;
    await run(display);
    const [win] = FakeWindow.all;
    expect(win?.loaded.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:7800\/display\//);
    expect([...electronFake.blockers.values()]).toEqual(['prevent-display-sleep']);
    electronFake.app.emit('second-instance');
    expect(win?.focused).toBe(1);
    electronFake.app.quit();
    expect(electronFake.blockers.size).toBe(0);
  });
});
