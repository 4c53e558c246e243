import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './cli-args.js';

describe('onestop-hub command line', () => {
  it('serves with defaults', () => {
    expect(parseCli([])).toMatchObject({
      kind: 'serve',
      db: './onestop.sqlite',
      port: 7800,
      host: '0.0.0.0',
    });
    expect(parseCli(['--demo'])).toMatchObject({
      kind: 'serve',
      demo: true,
      db: './demo-hall.sqlite',
    });
  });

  it('reads --kiosk-batch-ms, the hub default without it', () => {
    expect(parseCli([])).toMatchObject({ kioskBatchMs: null });
    expect(parseCli(['--kiosk-batch-ms', '0'])).toMatchObject({ kioskBatchMs: 0 });
    expect(parseCli(['--kiosk-batch-ms', '50'])).toMatchObject({ kioskBatchMs: 50 });
    expect(() => parseCli(['--kiosk-batch-ms', '5000'])).toThrow(UsageError);
  });

  it('reads --display-batch-ms, the hub default without it', () => {
    expect(parseCli([])).toMatchObject({ displayBatchMs: null });
    expect(parseCli(['--display-batch-ms', '0'])).toMatchObject({ displayBatchMs: 0 });
    expect(parseCli(['--display-batch-ms', '250'])).toMatchObject({ displayBatchMs: 250 });
    expect(() => parseCli(['--display-batch-ms', '2000'])).toThrow(UsageError);
    expect(() => parseCli(['--display-batch-ms', 'soon'])).toThrow(/whole number/);
  });

  it("reads --message-rate (development only), the hall's own rate without it", () => {
    expect(parseCli([])).toMatchObject({ messagesPerS: null });
    expect(parseCli(['--message-rate', '5000'])).toMatchObject({ messagesPerS: 5000 });
    expect(() => parseCli(['--message-rate', '0'])).toThrow(UsageError);
    expect(() => parseCli(['--message-rate', 'fast'])).toThrow(/whole number/);
  });

  it('reads every option', () => {
    expect(
      parseCli([
        'serve',
        '--db',
        'x.sqlite',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--config',
        'h.json',
        '--keep-days',
        '7',
      ]),
    ).toMatchObject({ db: 'x.sqlite', port: 0, host: '127.0.0.1', config: 'h.json', keepDays: 7 });
    expect(
      parseCli([
        'pair',
        '--db',
        'x',
        '--kind',
        'window_terminal',
        '--name',
        'W1',
        '--window',
        'w1',
      ]),
    ).toEqual({
      kind: 'pair',
      db: 'x',
      deviceKind: 'window_terminal',
      name: 'W1',
      windowId: 'w1',
    });
    expect(parseCli(['backup', '--db', 'x', '--out', 'b'])).toEqual({
      kind: 'backup',
      db: 'x',
      out: 'b',
    });
    expect(parseCli(['check-config', 'h.json'])).toEqual({ kind: 'check-config', file: 'h.json' });
  });

  it('reads --region and --region-code, the region as an origin', () => {
    expect(parseCli([])).toMatchObject({ region: null });
    expect(parseCli(['--region', 'https://Region.Example.gov.cn:443/'])).toMatchObject({
      region: { url: 'https://region.example.gov.cn', code: null },
    });
    expect(
      parseCli(['--region', 'http://127.0.0.1:9000', '--region-code', 'AB12-CD34-EF56']),
    ).toMatchObject({ region: { url: 'http://127.0.0.1:9000', code: 'AB12-CD34-EF56' } });
  });

  it('reads --allow-origin, repeated, as origins', () => {
    expect(parseCli([])).toMatchObject({ allowOrigins: [] });
    expect(
      parseCli([
        '--allow-origin',
        'http://Hub.Hall.LAN:7800/',
        '--allow-origin',
        'https://queue.example.gov.cn',
      ]),
    ).toMatchObject({
      kind: 'serve',
      allowOrigins: ['http://hub.hall.lan:7800', 'https://queue.example.gov.cn'],
    });
  });

  it('reads restore, init and the log options', () => {
    expect(parseCli(['restore', '--db', 'x', '--from', 'b.sqlite'])).toEqual({
      kind: 'restore',
      db: 'x',
      from: 'b.sqlite',
    });
    expect(parseCli(['init', '--db', 'x', '--config', 'h.json'])).toEqual({
      kind: 'init',
      db: 'x',
      config: 'h.json',
      replaceConfig: false,
    });
    expect(parseCli(['init', '--db', 'x', '--config', 'h.json', '--replace-config'])).toEqual({
      kind: 'init',
      db: 'x',
      config: 'h.json',
      replaceConfig: true,
    });
    expect(parseCli(['--config', 'h.json'])).toMatchObject({ replaceConfig: false });
    expect(parseCli(['--demo'])).toMatchObject({ durability: null });
    expect(parseCli(['--demo', '--durability', 'inline'])).toMatchObject({ durability: 'inline' });
    expect(parseCli(['--demo'])).toMatchObject({ checkpoint: null });
    expect(parseCli(['--demo', '--checkpoint', 'inline'])).toMatchObject({ checkpoint: 'inline' });
    expect(parseCli(['--demo', '--replace-config'])).toMatchObject({ replaceConfig: true });
    expect(parseCli(['--log-dir', 'logs', '--log-size', '2', '--log-keep', '0'])).toMatchObject({
      kind: 'serve',
      logDir: 'logs',
      logMaxMb: 2,
      logKeep: 0,
    });
    expect(parseCli([])).toMatchObject({ logDir: null, logMaxMb: 10, logKeep: 5 });
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be from 0 to 65535/],
    [['--bogus'], /bogus/],
    [['--demo', '--config', 'x'], /either --config or --demo/],
    [['--replace-config'], /--replace-config needs the configuration/],
    [['pair', '--db', 'x', '--kind', 'toaster', '--name', 'n'], /--kind, one of/],
    [['pair', '--db', 'x', '--kind', 'rating_pad', '--name', 'n'], /--window/],
    [['pair', '--db', 'x', '--kind', 'kiosk', '--name', 'n', '--window', 'w1'], /drop --window/],
    [['backup', '--db', 'x'], /--out/],
    [['restore', '--db', 'x'], /--from BACKUP/],
    [['init', '--config', 'h.json'], /--db PATH/],
    [['--log-size', '0'], /--log-size must be from 1/],
    [['--durability', 'fast'], /--durability must be one of inline, async/],
    [['--checkpoint', 'never'], /--checkpoint must be one of worker, inline/],
    [['--allow-origin', 'hub.hall.lan'], /--allow-origin must be an origin/],
    [['pair', '--db', 'x', '--kind', 'kiosk', '--name', 'North\u001b[2J'], /--name: .*U\+001B/],
    [['--allow-origin', 'http://hub.hall.lan:7800/admin'], /no path/],
    [['--allow-origin', 'ftp://hub.hall.lan'], /--allow-origin must be an origin/],
    [['frobnicate'], /unknown command/],
    [['--region-code', 'ABCD-1234'], /--region-code needs the region/],
    [['--region', 'region.example.gov.cn'], /--region must be the region's address/],
    [['--region', 'https://region.example.gov.cn/api'], /no path/],
    [['--region', 'https://user:pw@region.example.gov.cn'], /--region must be/],
    [['--region', 'ftp://region.example.gov.cn'], /--region must be/],
    [['--region', 'https://r.example', '--region-code', 'short'], /--region-code must be/],
    [['--region', 'https://r.example', '--region-code', 'ABCD 1234'], /--region-code must be/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
