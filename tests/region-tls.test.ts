import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@onestop/region/testing';
import { ROOT } from './support/build.js';

/*
 * `onestop-region serve --tls-cert F --tls-key F`: the real command serving HTTPS with a
 * certificate made here by the hall's script (tools/tls/make-hall-cert.sh, openssl), and
 * refusing bad files in one line before it opens its database.
 */

const CLI = join(ROOT, 'packages/region/bin/onestop-region.js');
const dir = mkdtempSync(join(tmpdir(), 'onestop-region-tls-'));
const tls = join(dir, 'tls');
const other = join(dir, 'other');
let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPgCluster();
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'packages/region'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const script = join(ROOT, 'tools/tls/make-hall-cert.sh');
  execFileSync('sh', [script, tls, '127.0.0.1'], { stdio: 'pipe' });
  execFileSync('sh', [script, other, '127.0.0.1'], { stdio: 'pipe' });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function httpsGet(
  url: string,
  ca: Buffer | null,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = get(url, ca ? { ca } : {}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

const serveArgs = (store: string[], cert: string, key: string): string[] => [
  CLI,
  'serve',
  ...store,
  '--host',
  '127.0.0.1',
  '--port',
  '0',
  '--tls-cert',
  cert,
  '--tls-key',
  key,
];

describe('onestop-region serve --tls-cert --tls-key', () => {
  it('serves HTTPS that a client trusting the CA reaches, and only such a client', async () => {
    const child = spawn(
      process.execPath,
      serveArgs(
        ['--pg', await cluster.createDatabase()],
        join(tls, 'hub.crt'),
        join(tls, 'hub.key'),
      ),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address in:\n${out}`)), 60_000);
        const look = (): void => {
          // The banner is written a line at a time: wait for its console line too.
          const m = /^Listening (\S+)$/m.exec(out);
          if (m?.[1] !== undefined && /^Console /m.test(out)) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        child.stdout.on('data', look);
        void exited.then(() => reject(new Error(`the region exited:\n${out}`)));
      });
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(out).toMatch(/^Console +https:\/\/127\.0\.0\.1:\d+\/region-console\/$/m);
      const ca = readFileSync(join(tls, 'hall-ca.crt'));
      const health = await httpsGet(`${url}/api/health`, ca);
      expect(health).toMatchObject({ status: 200 });
      expect(JSON.parse((health as { body: string }).body)).toMatchObject({
        ok: true,
        engine: 'postgres',
      });
      // A client that does not trust the hall's CA is refused; plain HTTP is not answered.
      expect(await httpsGet(`${url}/api/health`, null)).toEqual({
        error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
      const plain = await fetch(url.replace('https:', 'http:') + '/api/health').catch(
        (err: unknown) => err,
      );
      expect(plain).toBeInstanceOf(Error);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);

  it.each([
    [
      'a missing certificate',
      join(dir, 'nope.crt'),
      join(tls, 'hub.key'),
      /cannot read the certificate \(--tls-cert\) .*nope\.crt: ENOENT/,
    ],
    [
      'a key that is not PEM',
      join(tls, 'hub.crt'),
      join(tls, 'hall-ca.crt'),
      /is not a PEM private key/,
    ],
    [
      'a key of another certificate',
      join(tls, 'hub.crt'),
      join(other, 'hub.key'),
      /does not belong to the certificate/,
    ],
  ])(
    'exits 1 with one clear line on %s, before making its database',
    (_what, cert, key, message) => {
      const data = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
      const run = spawnSync(process.execPath, serveArgs(['--data', data], cert, key), {
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^onestop-region: .*${message.source}`, 'm'));
      expect(run.stdout).not.toMatch(/Listening/);
      expect(existsSync(data)).toBe(false);
    },
  );

  it('needs both files', () => {
    const run = spawnSync(process.execPath, [CLI, 'serve', '--tls-cert', join(tls, 'hub.crt')], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/HTTPS needs both --tls-cert FILE and --tls-key FILE/);
  });
});
