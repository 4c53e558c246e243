import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decideAudit } from '../tools/audit/decide.js';

/* `npm run audit`: what it makes of npm audit's answers, and the exit code CI sees. */

const metadata = (counts: Partial<Record<string, number>>) => ({
  vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts },
  dependencies: { prod: 120, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 120 },
});

const CLEAN = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: metadata({}),
});
const MODERATE = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    cookie: { name: 'cookie', severity: 'moderate', isDirect: false, via: [], fixAvailable: true },
  },
  metadata: metadata({ moderate: 1, total: 1 }),
});
const HIGH = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    ws: { name: 'ws', severity: 'high', isDirect: false, via: [], fixAvailable: true },
    'engine.io': { name: 'engine.io', severity: 'critical', isDirect: false, via: ['ws'] },
    cookie: { name: 'cookie', severity: 'low', isDirect: false, via: [] },
  },
  metadata: metadata({ low: 1, high: 1, critical: 1, total: 3 }),
});
/** What npm 11 prints here, where the registry mirror refuses the bulk advisory endpoint. */
const REFUSED = JSON.stringify({
  message:
    '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  method: 'POST',
  uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  statusCode: 405,
  body: '',
  error: { summary: '', detail: '' },
});
const REFUSED_STDERR =
  'npm warn audit 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk\nnpm error audit endpoint returned an error\n';
const OFFLINE = JSON.stringify({
  error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed', detail: '' },
});

describe('the audit verdict', () => {
  it('passes a clean report and one with only moderate advisories', () => {
    expect(decideAudit({ code: 0, stdout: CLEAN, stderr: '' })).toMatchObject({ verdict: 'pass' });
    const moderate = decideAudit({ code: 0, stdout: MODERATE, stderr: '' });
    expect(moderate).toMatchObject({ verdict: 'pass', counts: { moderate: 1, high: 0 } });
    expect(moderate.message).toContain('1 moderate');
  });

  it('fails on high or critical advisories and names the packages', () => {
    const verdict = decideAudit({ code: 1, stdout: HIGH, stderr: '' });
    expect(verdict).toMatchObject({ verdict: 'fail', counts: { high: 1, critical: 1 } });
    expect(verdict.message).toContain('ws (high)');
    expect(verdict.message).toContain('engine.io (critical)');
    expect(verdict.message).not.toContain('cookie');
    // Even if npm's exit code said nothing was wrong.
    expect(decideAudit({ code: 0, stdout: HIGH, stderr: '' }).verdict).toBe('fail');
  });

  it('warns, and does not fail, when the endpoint refuses or the registry is unreachable', () => {
    for (const run of [
      { code: 1, stdout: REFUSED, stderr: REFUSED_STDERR },
      { code: 1, stdout: '', stderr: REFUSED_STDERR },
      { code: 1, stdout: OFFLINE, stderr: '' },
      { code: 1, stdout: '', stderr: 'npm error code EAI_AGAIN\nnpm error request failed' },
    ]) {
      const verdict = decideAudit(run);
      expect(verdict.verdict).toBe('skipped');
      expect(verdict.message).toMatch(
        /^WARNING: npm audit could not run: .+\. No advisories were checked/,
      );
    }
    expect(decideAudit({ code: 1, stdout: REFUSED, stderr: REFUSED_STDERR }).message).toContain(
      'HTTP 405',
    );
  });

  it('fails on anything else it cannot read: no report is no pass', () => {
    for (const run of [
      {
        code: 1,
        stdout: '',
        stderr:
          'npm error code ENOLOCK\nnpm error audit This command requires an existing lockfile.',
      },
      { code: 0, stdout: 'not json', stderr: '' },
      { code: 0, stdout: '{}', stderr: '' },
      {
        code: 0,
        stdout: JSON.stringify({ metadata: { vulnerabilities: { high: 'many' } } }),
        stderr: '',
      },
    ]) {
      expect(decideAudit(run)).toMatchObject({ verdict: 'fail', counts: null });
    }
    expect(
      decideAudit({ code: 1, stdout: '', stderr: 'npm error code ENOLOCK\nmore' }).message,
    ).toContain('ENOLOCK');
  });
});

describe('npm run audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onestop-audit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI with an `npm` on the PATH that prints `stdout` and exits with `code`. */
  function runWith(stdout: string, stderr: string, code: number) {
    writeFileSync(join(dir, 'out.json'), stdout);
    writeFileSync(join(dir, 'err.txt'), stderr);
    const npm = join(dir, 'npm');
    writeFileSync(
      npm,
      `#!/bin/sh\n[ "$1 $2 $3 $4" = "audit --omit=dev --audit-level=high --json" ] || exit 99\ncat "${dir}/out.json"\ncat "${dir}/err.txt" >&2\nexit ${code}\n`,
    );
    chmodSync(npm, 0o755);
    return spawnSync(process.execPath, ['--import', 'tsx', 'tools/audit/cli.ts'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
    });
  }

  it('exits 0 on a clean report or an unreachable endpoint, 1 on high findings', () => {
    const clean = runWith(CLEAN, '', 0);
    expect([clean.status, clean.stdout]).toEqual([
      0,
      expect.stringContaining('none high or critical'),
    ]);
    const refused = runWith(REFUSED, REFUSED_STDERR, 1);
    expect([refused.status, refused.stderr]).toEqual([
      0,
      expect.stringContaining('WARNING: npm audit could not run'),
    ]);
    const high = runWith(HIGH, '', 1);
    expect([high.status, high.stderr]).toEqual([1, expect.stringContaining('ws (high)')]);
  }, 60_000);
});
