/*
 * What `npm audit --omit=dev --audit-level=high --json` said, as CI's verdict: fail on any high
 * or critical advisory in the packages the hall runs; when the registry's audit endpoint cannot
 * be reached or refuses (a mirror without it answers 405), say clearly that the audit did not
 * run and why, and let CI go on. Anything else unexpected fails: an audit that silently passes
 * is worse than none.
 */

export const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AuditVerdict =
  | { verdict: 'pass'; counts: Record<Severity, number>; message: string }
  | { verdict: 'fail'; counts: Record<Severity, number> | null; message: string }
  | { verdict: 'skipped'; message: string };

export interface AuditRun {
  /** npm's exit code. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Network failures: the registry could not be reached at all. */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_SOCKET_TIMEOUT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function countsOf(metadata: unknown): Record<Severity, number> | null {
  if (!isRecord(metadata) || !isRecord(metadata.vulnerabilities)) return null;
  const v = metadata.vulnerabilities;
  const counts = {} as Record<Severity, number>;
  for (const s of SEVERITIES) {
    const n = v[s] ?? 0;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return null;
    counts[s] = n;
  }
  return counts;
}

/** The packages with a high or critical advisory, for the failure message. */
function offenders(report: Record<string, unknown>): string[] {
  const vulns = report.vulnerabilities;
  if (!isRecord(vulns)) return [];
  return Object.entries(vulns)
    .filter(([, v]) => isRecord(v) && (v.severity === 'high' || v.severity === 'critical'))
    .map(([name, v]) => `${name} (${String((v as { severity: unknown }).severity)})`);
}

/** Why the audit could not run, when that is what the output says; null otherwise. */
function unreachable(report: Record<string, unknown> | null, stderr: string): string | null {
  if (report) {
    if (typeof report.statusCode === 'number') {
      return `the registry's audit endpoint answered HTTP ${report.statusCode}${typeof report.message === 'string' ? ` (${report.message})` : ''}`;
    }
    const error = report.error;
    if (isRecord(error) && typeof error.code === 'string' && NETWORK_CODES.has(error.code)) {
      return `the registry could not be reached (${error.code}${typeof error.summary === 'string' && error.summary ? `: ${error.summary}` : ''})`;
    }
  }
  const network = [...NETWORK_CODES].find((c) => stderr.includes(c));
  if (network) return `the registry could not be reached (${network})`;
  if (/audit endpoint returned an error/.test(stderr)) {
    const status = /\b(\d{3}) [A-Za-z ]+ - (?:POST|GET)\b/.exec(stderr);
    return `the registry's audit endpoint returned an error${status ? ` (HTTP ${status[1]})` : ''}`;
  }
  return null;
}

export function decideAudit(run: AuditRun): AuditVerdict {
  let report: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(run.stdout);
    if (isRecord(parsed)) report = parsed;
  } catch {
    report = null;
  }
  const why = unreachable(report, run.stderr);
  if (why) {
    return {
      verdict: 'skipped',
      message: `WARNING: npm audit could not run: ${why}. No advisories were checked; run \`npm run audit\` where the registry's audit endpoint is reachable.`,
    };
  }
  const counts = report ? countsOf(report.metadata) : null;
  if (!report || !counts) {
    const first = (run.stderr.trim().split('\n')[0] ?? '').slice(0, 300);
    return {
      verdict: 'fail',
      counts: null,
      message: `npm audit gave no report (exit ${run.code})${first ? `: ${first}` : ''}`,
    };
  }
  const summary = SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
  if (counts.high + counts.critical > 0) {
    const names = offenders(report);
    return {
      verdict: 'fail',
      counts,
      message: `npm audit: ${summary} in production dependencies${names.length ? `: ${names.join(', ')}` : ''}. Update or replace them (npm audit fix --omit=dev).`,
    };
  }
  return { verdict: 'pass', counts, message: `npm audit: ${summary}; none high or critical` };
}
