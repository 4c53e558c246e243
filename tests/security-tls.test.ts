import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { HubClient } from '@onestop/shared/client';
import {
  createDevice,
  DEMO_HALL,
  Hub,
  loadTls,
  parseCli,
  type RunningServer,
  startServer,
  TlsError,
} from '@onestop/hub';
import { ensureBuilt, ROOT } from './support/build.js';
import { waitFor } from './support/hall.js';
import { CHECKOUT_CLI, demoServeArgs, runCli, startHub } from './support/ops-cli.js';

/*
 * The hub over HTTPS and WSS with the hall's own certificate, made here by the script
 * docs/SECURITY.md tells a technician to run (tools/tls/make-hall-cert.sh, openssl).
 */

const SCRIPT = join(ROOT, 'tools/tls/make-hall-cert.sh');
const dir = mkdtempSync(join(tmpdir(), 'onestop-tls-'));
const tls = join(dir, 'tls');
const other = join(dir, 'other');
let ca: Buffer;
let hub: Hub;
let server: RunningServer;

/** GET over HTTPS trusting `trust` (or only the system's CAs): status and body, or the error. */
function httpsGet(
  url: string,
  trust: Buffer | null,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = get(url, trust ? { ca: trust } : {}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

beforeAll(async () => {
  execFileSync('sh', [SCRIPT, tls, '127.0.0.1', 'localhost'], { stdio: 'pipe' });
  execFileSync('sh', [SCRIPT, other, '127.0.0.1'], { stdio: 'pipe' });
  ca = readFileSync(join(tls, 'hall-ca.crt'));
  hub = Hub.open({ dbPath: join(dir, 'hall.sqlite'), config: DEMO_HALL });
  server = await startServer({
    hub,
    host: '127.0.0.1',
    port: 0,
    pagesDir: null,
    tls: loadTls(join(tls, 'hub.crt'), join(tls, 'hub.key')),
  });
});

afterAll(async () => {
  server.http.closeAllConnections();
  await server.close();
  hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the hub over TLS', () => {
  it('answers /api/health over HTTPS to a client that trusts the hall CA, and only then', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ok = await httpsGet(`${server.url}/api/health`, ca);
    expect(ok).toMatchObject({ status: 200 });
    expect(JSON.parse((ok as { body: string }).body)).toMatchObject({ status: 'ok' });
    // Without the hall's CA, or with another hall's, the certificate is refused.
    expect(await httpsGet(`${server.url}/api/health`, null)).toEqual({
      error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(
      await httpsGet(`${server.url}/api/health`, readFileSync(join(other, 'hall-ca.crt'))),
    ).toEqual({ error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // The pages come with their security headers over HTTPS too.
    const page = await httpsGet(`${server.url}/kiosk`, ca);
    expect(page).toMatchObject({ status: 200 });
  });

  it('connects a HubClient over WSS with the hall CA, and it issues a ticket', async () => {
    const token = await pairOverHttps();
    const client = new HubClient({
      url: server.url,
      role: 'kiosk',
      token,
      io: ((uri: string, opts: Parameters<typeof io>[1]) =>
        io(uri, { ...opts, ca: ca.toString('utf8'), rejectUnauthorized: true })) as typeof io,
    });
    try {
      await waitFor(() => client.connection === 'online', 10_000);
      const ack = await client.command('issue_ticket', {
        itinerary: [{ serviceIds: ['biz-open'] }],
        class: 'normal',
      });
      expect(ack.ok).toBe(true);
      await waitFor(() => client.state?.tickets.size === 1, 10_000);
    } finally {
      client.close();
    }
  });

  it('reads the options and refuses half of them', () => {
    expect(parseCli(['--tls-cert', 'a.crt', '--tls-key', 'a.key'])).toMatchObject({
      kind: 'serve',
      tls: { cert: 'a.crt', key: 'a.key' },
    });
    expect(parseCli([])).toMatchObject({ kind: 'serve', tls: null });
    expect(() => parseCli(['--tls-cert', 'a.crt'])).toThrow(/both --tls-cert FILE and --tls-key/);
    expect(() => parseCli(['--tls-key', 'a.key'])).toThrow(/both --tls-cert FILE and --tls-key/);
  });

  it('says what is wrong with a certificate or key before anything starts', () => {
    const cert = join(tls, 'hub.crt');
    const key = join(tls, 'hub.key');
    writeFileSync(join(dir, 'not-pem.txt'), 'hello');
    const cases: [string, string, RegExp][] = [
      [
        join(dir, 'missing.crt'),
        key,
        /cannot read the certificate \(--tls-cert\) .*missing\.crt: ENOENT/,
      ],
      [
        cert,
        join(dir, 'missing.key'),
        /cannot read the private key \(--tls-key\) .*missing\.key: ENOENT/,
      ],
      [join(dir, 'not-pem.txt'), key, /not-pem\.txt is not a PEM certificate/],
      [cert, join(dir, 'not-pem.txt'), /not-pem\.txt is not a PEM private key/],
      [key, cert, /is not a PEM certificate/],
      [cert, join(other, 'hub.key'), /does not belong to the certificate/],
    ];
    for (const [c, k, message] of cases) {
      expect(() => loadTls(c, k)).toThrow(TlsError);
      expect(() => loadTls(c, k)).toThrow(message);
    }
    // Out of its validity period (the clock of the check moved, not the certificate).
    const year = 365 * 24 * 3_600_000;
    expect(() => loadTls(cert, key, Date.now() + 3 * year)).toThrow(/expired on/);
    expect(() => loadTls(cert, key, Date.now() - year)).toThrow(/not valid before/);
  });
});

describe('onestop-hub --tls-cert --tls-key', () => {
  beforeAll(() => ensureBuilt());

  it('exits with a clear message and code 2 on a bad path, before touching the database', () => {
    const db = join(dir, 'cli-bad.sqlite');
    const run = runCli(
      CHECKOUT_CLI,
      demoServeArgs(db, ['--tls-cert', join(dir, 'nope.crt'), '--tls-key', join(tls, 'hub.key')]),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /onestop-hub: cannot read the certificate \(--tls-cert\) .*nope\.crt: ENOENT/,
    );
    expect(spawnSync('test', ['-e', db]).status).not.toBe(0);
  });

  it('starts and serves HTTPS with a good pair', async () => {
    const child = await startHub(
      CHECKOUT_CLI,
      demoServeArgs(join(dir, 'cli-good.sqlite'), [
        '--tls-cert',
        join(tls, 'hub.crt'),
        '--tls-key',
        join(tls, 'hub.key'),
      ]),
    );
    try {
      const stdout = child.output();
      const port = /^Listening https:\/\/127\.0\.0\.1:(\d+)$/m.exec(stdout)?.[1];
      expect(port).toBeDefined();
      expect(stdout).toMatch(/https:\/\/127\.0\.0\.1:\d+\/display\?pair=/);
      const health = await httpsGet(`https://127.0.0.1:${port ?? 0}/api/health`, ca);
      expect(health).toMatchObject({ status: 200 });
    } finally {
      await child.stop();
    }
  }, 30_000);
});

/** Registers a kiosk and pairs it over HTTPS, as a kiosk's page would. */
async function pairOverHttps(): Promise<string> {
  const { pairingCode } = createDevice(
    hub.store,
    hub.config,
    { kind: 'kiosk', name: 'k', windowId: null },
    hub.now(),
  );
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ code: pairingCode });
    const req = request(
      `${server.url}/api/pair`,
      { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve((JSON.parse(text) as { token: string }).token));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
