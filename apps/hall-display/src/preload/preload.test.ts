import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { DISPLAY_CHANNELS, type DisplayApi } from '../shared/api.js';

/*
 * The sandboxed preload is CommonJS (preload.cts): it is compiled here as tsc compiles it and run
 * with a fake `require('electron')`, so the test covers the very source that ships.
 */
function loadPreload(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>) {
  const source = readFileSync(fileURLToPath(new URL('./preload.cts', import.meta.url)), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed = new Map<string, unknown>();
  const electron = {
    ipcRenderer: { invoke },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  };
  const required: string[] = [];
  const fakeRequire = (name: string): unknown => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  // The page's realm is the test's: the preload sees the same Uint8Array as what invoke returns.
  runInNewContext(outputText, {
    require: fakeRequire,
    module,
    exports: module.exports,
    Uint8Array,
  });
  return { exposed, required };
}

describe('the display preload', () => {
  it('exposes window.onestopDisplay with its two calls on the shell’s channels', async () => {
    const invoke = vi.fn((channel: string, ...args: unknown[]): Promise<unknown> => {
      if (channel === DISPLAY_CHANNELS.getConfig) return Promise.resolve({ repeats: 1 });
      if (channel === DISPLAY_CHANNELS.readClip && args[0] === 'zh/qing') {
        return Promise.resolve(new Uint8Array([1, 2, 3]));
      }
      return Promise.resolve('not bytes');
    });
    const { exposed, required } = loadPreload(invoke);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['onestopDisplay']);
    const api = exposed.get('onestopDisplay') as DisplayApi;
    expect(Object.keys(api).sort()).toEqual(['getConfig', 'readClip']);
    expect(await api.getConfig()).toEqual({ repeats: 1 });
    expect(await api.readClip('zh/qing')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await api.readClip('en/number')).toBeNull();
    expect(invoke.mock.calls.map((c) => c[0])).toEqual([
      DISPLAY_CHANNELS.getConfig,
      DISPLAY_CHANNELS.readClip,
      DISPLAY_CHANNELS.readClip,
    ]);
  });
});
