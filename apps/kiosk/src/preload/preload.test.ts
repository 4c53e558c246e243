import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { KIOSK_CHANNELS, type KioskApi } from '../shared/api.js';

/* The CommonJS preload, compiled as tsc compiles it and run with a fake `require('electron')`. */

function loadPreload(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>) {
  const source = readFileSync(fileURLToPath(new URL('./preload.cts', import.meta.url)), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const electron = {
    ipcRenderer: { invoke },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  };
  const module = { exports: {} };
  runInNewContext(outputText, {
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
  });
  return { exposed, required };
}

describe('the kiosk preload', () => {
  it('exposes window.onestopKiosk with four calls on the shell’s channels', async () => {
    const calls: unknown[][] = [];
    const { exposed, required } = loadPreload((channel, ...args) => {
      calls.push([channel, ...args]);
      return Promise.resolve(channel);
    });
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['onestopKiosk']);
    const api = exposed.get('onestopKiosk') as KioskApi;
    expect(Object.keys(api).sort()).toEqual(['config', 'printTicket', 'printerStatus', 'readCard']);
    await api.config();
    await api.printerStatus();
    const ticket = { number: 'A001' } as Parameters<KioskApi['printTicket']>[0];
    await api.printTicket(ticket);
    await api.readCard();
    expect(calls).toEqual([
      [KIOSK_CHANNELS.config],
      [KIOSK_CHANNELS.printerStatus],
      [KIOSK_CHANNELS.printTicket, ticket],
      [KIOSK_CHANNELS.readCard],
    ]);
  });
});
