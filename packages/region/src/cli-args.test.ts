import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, parseCliArgs, UsageError } from './cli-args.js';

const data = { kind: 'pglite', dir: DEFAULT_DATA_DIR };

describe('onestop-region arguments', () => {
  it('reads relay: one hall on the embedded store, its public address required', () => {
    expect(
      parseCliArgs([
        'relay',
        '--data',
        'd',
        '--public-url',
        'https://q.example.cn/',
        '--port',
        '0',
      ]),
    ).toEqual({
      kind: 'relay',
      store: { kind: 'pglite', dir: 'd' },
      publicUrl: 'https://q.example.cn',
      name: 'OneStop',
      port: 0,
      host: '0.0.0.0',
      log: false,
      tls: null,
    });
    expect(() => parseCliArgs(['relay'])).toThrow(/--public-url/);
    expect(() => parseCliArgs(['relay', '--public-url', 'ftp://x'])).toThrow(/--public-url/);
    expect(() =>
      parseCliArgs(['relay', '--public-url', 'https://x', '--pg', 'postgres://a/b']),
    ).toThrow(UsageError);
  });

  it('reads each command', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseCliArgs(['serve'])).toEqual({
      kind: 'serve',
      store: data,
      port: DEFAULT_PORT,
      host: '0.0.0.0',
      log: false,
      tls: null,
    });
    expect(
      parseCliArgs([
        'serve',
        '--pg',
        'postgres://r:pw@db.example:5432/onestop',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--log',
      ]),
    ).toEqual({
      kind: 'serve',
      store: { kind: 'postgres', url: 'postgres://r:pw@db.example:5432/onestop' },
      port: 0,
      host: '127.0.0.1',
      log: true,
      tls: null,
    });
    expect(
      parseCliArgs(['add-hall', '--data', '/srv/region', '--name', ' 东城区政务服务中心 ']),
    ).toEqual({
      kind: 'add-hall',
      store: { kind: 'pglite', dir: '/srv/region' },
      name: '东城区政务服务中心',
    });
    expect(
      parseCliArgs(['serve', '--tls-cert', '/etc/region.crt', '--tls-key', '/etc/region.key']),
    ).toMatchObject({ kind: 'serve', tls: { cert: '/etc/region.crt', key: '/etc/region.key' } });
    expect(parseCliArgs(['list-halls'])).toEqual({ kind: 'list-halls', store: data });
    expect(parseCliArgs(['revoke-hall', 'H-ABCDEFGH23'])).toEqual({
      kind: 'revoke-hall',
      store: data,
      hallId: 'H-ABCDEFGH23',
    });
  });

  it.each([
    [['launch'], /unknown command: launch/],
    [['serve', '--pg', 'postgres://x/y', '--data', 'd'], /not both/],
    [['serve', '--pg', 'mysql://x/y'], /postgres:\/\//],
    [['serve', '--pg', 'not a url'], /URL/],
    [['serve', '--port', '70000'], /--port/],
    [['serve', '--port', '-1'], /--port/],
    [['serve', '--port'], /--port/],
    [['serve', '--name', 'x'], /name/],
    [['serve', 'extra'], /extra/],
    [['serve', '--tls-cert', 'a.crt'], /both --tls-cert FILE and --tls-key FILE/],
    [['serve', '--tls-key', 'a.key'], /both --tls-cert FILE and --tls-key FILE/],
    [['add-hall', '--name', 'x', '--tls-cert', 'a.crt'], /tls-cert/],
    [['add-hall'], /--name/],
    [['add-hall', '--name', '   '], /--name/],
    [['add-hall', '--name', 'x'.repeat(101)], /100/],
    [['list-halls', '--port', '1'], /port/],
    [['revoke-hall'], /hall id/],
    [['revoke-hall', 'a b'], /not a hall id/],
    [['revoke-hall', 'H-1', 'H-2'], /H-2/],
    [['--version', 'x'], /unexpected/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
