import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { WINDOW_CHANNELS, type WindowTerminalApi } from '../shared/preload-api.js';

/*
 * The sandboxed preload is CommonJS (preload.cts): compiled here as tsc compiles it and run with
 * a fake `require('electron')`, so the test covers the very source that ships.
 */
type Listener = (event: unknown, value: unknown) => void;

function loadPreload(invoke: (channel: string) => Promise<unknown>) {
  const source = readFileSync(fileURLToPath(new URL('./preload.cts', import.meta.url)), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<Listener>>();
  const sent: { channel: string; value: unknown }[] = [];
  const electron = {
    ipcRenderer: {
      invoke,
      send: (channel: string, value: unknown) => sent.push({ channel, value }),
      on: (channel: string, l: Listener) => {
        const set = listeners.get(channel) ?? new Set<Listener>();
        set.add(l);
        listeners.set(channel, set);
      },
      removeListener: (channel: string, l: Listener) => listeners.get(channel)?.delete(l),
    },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  };
  const required: string[] = [];
  const fakeRequire = (name: string): unknown => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(outputText, { require: fakeRequire, module, exports: module.exports });
  const emit = (channel: string, value: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l({}, value);
  };
  return { exposed, required, sent, emit, listeners };
}

describe('the window terminal preload', () => {
  it('exposes window.onestopWindow with its calls on the shell’s channels', async () => {
    const invoke = vi.fn((channel: string): Promise<unknown> => {
      if (channel === WINDOW_CHANNELS.config) return Promise.resolve({ page: 'window' });
      return Promise.resolve(null);
    });
    const { exposed, required, sent } = loadPreload(invoke);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['onestopWindow']);
    const api = exposed.get('onestopWindow') as WindowTerminalApi;
    expect(Object.keys(api).sort()).toEqual([
      'config',
      'deviceStatus',
      'onDeviceStatus',
      'onPadKey',
      'showOnLed',
      'showOnPad',
    ]);
    expect(await api.config()).toEqual({ page: 'window' });
    // A refused status request reads as no devices.
    expect(await api.deviceStatus()).toEqual([]);
    api.showOnLed({ kind: 'call', number: 'A001' });
    api.showOnPad({ kind: 'clear' });
    expect(sent).toEqual([
      { channel: WINDOW_CHANNELS.showLed, value: { kind: 'call', number: 'A001' } },
      { channel: WINDOW_CHANNELS.showPad, value: { kind: 'clear' } },
    ]);
    expect(invoke.mock.calls.map((c) => c[0])).toEqual([
      WINDOW_CHANNELS.config,
      WINDOW_CHANNELS.deviceStatus,
    ]);
  });

  it('delivers pad keys and device status until unsubscribed', () => {
    const { exposed, emit, listeners } = loadPreload(() => Promise.resolve(null));
    const api = exposed.get('onestopWindow') as WindowTerminalApi;
    const keys: unknown[] = [];
    const statuses: unknown[] = [];
    const offKey = api.onPadKey((k) => keys.push(k));
    const offStatus = api.onDeviceStatus((s) => statuses.push(s));
    emit(WINDOW_CHANNELS.padKeyEvent, 'next');
    emit(WINDOW_CHANNELS.padKeyEvent, { kind: 'dial', digits: '015' });
    emit(WINDOW_CHANNELS.statusEvent, [{ state: 'connected' }]);
    offKey();
    offStatus();
    emit(WINDOW_CHANNELS.padKeyEvent, 'recall');
    expect(keys).toEqual(['next', { kind: 'dial', digits: '015' }]);
    expect(statuses).toEqual([[{ state: 'connected' }]]);
    expect(listeners.get(WINDOW_CHANNELS.padKeyEvent)?.size).toBe(0);
  });
});
