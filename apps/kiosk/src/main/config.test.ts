import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configView, parseKioskConfig, readKioskConfig } from './config.js';

describe('the kiosk config file', () => {
  it('fills in the defaults of a minimal file', () => {
    const result = parseKioskConfig({ hubUrl: 'http://192.168.1.10:7800' });
    expect(result).toEqual({
      ok: true,
      config: {
        hubUrl: 'http://192.168.1.10:7800',
        orientation: 'portrait',
        printer: null,
        stopWhenPrinterFails: false,
        idCardReader: null,
        devTools: false,
      },
    });
  });

  it('reads the ID card reader: a port, 115200 by default; a wrong speed is named', () => {
    const reader = parseKioskConfig({ hubUrl: 'http://hub:7800', idCardReader: { path: 'COM4' } });
    expect(reader.ok && reader.config.idCardReader).toEqual({ path: 'COM4', baudRate: 115200 });
    expect(reader.ok && configView(reader.config).idCardReader).toBe(true);
    const wrong = parseKioskConfig({
      hubUrl: 'http://hub:7800',
      idCardReader: { path: '/dev/ttyUSB1', baudRate: 4800 },
    });
    expect(wrong.ok ? [] : wrong.problems).toEqual([
      'idCardReader.baudRate: 115200 (most readers) or 9600',
    ]);
  });

  it('reads each kind of printer interface', () => {
    const base = { hubUrl: 'http://hub:7800/' };
    const tcp = parseKioskConfig({
      ...base,
      printer: { interface: { type: 'tcp', host: '10.0.0.9' } },
    });
    expect(tcp.ok && tcp.config.printer).toEqual({
      commandSet: 'epson',
      interface: { type: 'tcp', host: '10.0.0.9', port: 9100 },
      paperWidthMm: 80,
      languages: ['zh', 'en'],
      timezone: 'Asia/Shanghai',
    });
    const serial = parseKioskConfig({
      ...base,
      printer: {
        commandSet: 'star',
        paperWidthMm: 58,
        interface: { type: 'serial', path: '/dev/ttyUSB0' },
      },
    });
    expect(serial.ok && serial.config.printer?.interface).toEqual({
      type: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 9600,
    });
    const os = parseKioskConfig({
      ...base,
      printer: { interface: { type: 'os', name: 'TM-T88' } },
    });
    expect(os.ok && os.config.printer?.interface).toEqual({ type: 'os', name: 'TM-T88' });
  });

  it('names every wrong field', () => {
    const result = parseKioskConfig({
      hubUrl: 'ftp://hub',
      orientation: 'sideways',
      printer: {
        paperWidthMm: 76,
        interface: { type: 'tcp', host: '', port: 70000 },
        timezone: 'Mars/Olympus',
      },
      extra: true,
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith('hubUrl: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('orientation: '))).toBe(true);
    expect(problems).toContain('printer.paperWidthMm: 58 or 80');
    expect(problems.some((p) => p.startsWith('printer.interface.host: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('printer.interface.port: '))).toBe(true);
    expect(problems).toContain('printer.timezone: an IANA timezone such as Asia/Shanghai');
    expect(problems.some((p) => p.includes('extra'))).toBe(true);
  });

  it('refuses an unknown interface type with the choices', () => {
    const result = parseKioskConfig({
      hubUrl: 'http://hub:7800',
      printer: { interface: { type: 'usb' } },
    });
    expect(result).toEqual({
      ok: false,
      problems: ['printer.interface.type: type must be "tcp", "serial" or "os"'],
    });
  });

  it('shows the page only what it needs', () => {
    const result = parseKioskConfig({
      hubUrl: 'http://hub:7800',
      orientation: 'landscape',
      printer: { paperWidthMm: 58, interface: { type: 'tcp', host: 'printer.local' } },
      stopWhenPrinterFails: true,
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(configView(result.config)).toEqual({
      hubUrl: 'http://hub:7800',
      orientation: 'landscape',
      paperWidthMm: 58,
      stopWhenPrinterFails: true,
      idCardReader: false,
    });
  });
});

describe('readKioskConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onestop-kiosk-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says when the file is missing or not JSON', async () => {
    const missing = await readKioskConfig(join(dir, 'kiosk.json'));
    expect(missing.ok ? '' : missing.problems[0]).toMatch(/cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.json'), '{ "hubUrl": ');
    const bad = await readKioskConfig(join(dir, 'bad.json'));
    expect(bad.ok ? '' : bad.problems[0]).toMatch(/not valid JSON/);
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ hubUrl: 'http://hub:7800' }));
    expect((await readKioskConfig(join(dir, 'good.json'))).ok).toBe(true);
  });
});
