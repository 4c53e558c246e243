import { spawnSync } from 'node:child_process';
import { decideAudit } from './decide.js';

/*
 * `npm run audit` (and CI after npm test): npm audit of the production dependencies, failing on
 * high or critical advisories, warning (not failing) when the audit endpoint is unreachable.
 */

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--omit=dev', '--audit-level=high', '--json'], {
  encoding: 'utf8',
  timeout: 120_000,
  maxBuffer: 64 * 1024 * 1024,
});
const result = decideAudit({
  code: run.status ?? -1,
  stdout: run.stdout ?? '',
  stderr: `${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}`,
});
switch (result.verdict) {
  case 'pass':
    console.log(result.message);
    break;
  case 'skipped':
    console.warn(result.message);
    break;
  case 'fail':
    console.error(result.message);
    process.exitCode = 1;
    break;
}
