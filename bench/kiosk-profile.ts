/**
 * The issue phase's kiosks under the microscope (bench/README.md, "The kiosks"): a hub child
 * (its bundle, as `npm run bench` runs it) per kind of kiosk, 16 kiosks each in this process
 * issuing in a closed loop, the kinds in turns (A, B, then B, A). Prints per kind the issues a
 * second, the CPU per issue of the hub and of this process (the kiosks, user and system), and
 * the messages the hub sent per issue; with `--profile`, a CPU profile of this process during
 * one kind's slices and the functions that took the most of it (after `npm run build`):
 *
 *   npx tsx bench/kiosk-profile.ts [--kinds bare,hubclient] [--rounds 4] [--seconds 3]
 *   npx tsx bench/kiosk-profile.ts --kinds hubclient --profile /tmp/kiosks.cpuprofile
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Side } from './lib/issue.js';
import type { KioskKind } from './lib/kiosks.js';

const { values: args } = parseArgs({
  options: {
    kinds: { type: 'string', default: 'bare,hubclient' },
    kiosks: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '3' },
    /** A CPU profile of this process during the slices of the first kind, as a `.cpuprofile`. */
    profile: { type: 'string' },
    /**
     * A folder for `--cpu-prof` profiles of the hub children (the whole run, start included),
     * and the functions that took the most of the first kind's hub.
     */
    'hub-profile': { type: 'string' },
    /**
     * The hub's command file for each kind, in the order of `--kinds` (default: the bundle), to
     * run two builds of the hub in turns: `--kinds bare,bare --clis NEW.js,OLD.js`.
     */
    clis: { type: 'string' },
  },
});

const kinds = args.kinds.split(',').map((k): KioskKind => {
  if (k !== 'bare' && k !== 'hubclient') throw new Error(`--kinds: bare or hubclient, not ${k}`);
  return k;
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name, file, line), the largest first, in ms. */
function selfTimes(profile: Profile): { name: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*\/(packages|bench)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

const dir = mkdtempSync(join(tmpdir(), 'onestop-kiosk-profile-'));
const sides: Side[] = [];
try {
  for (const kind of kinds) {
    const hubProfile = args['hub-profile'];
    const nodeArgs =
      hubProfile === undefined
        ? undefined
        : [
            '--cpu-prof',
            '--cpu-prof-dir',
            hubProfile,
            '--cpu-prof-name',
            `hub-${sides.length + 1}-${kind}.cpuprofile`,
          ];
    const cli = args.clis?.split(',')[sides.length];
    sides.push(
      await Side.start(join(dir, `${sides.length + 1}-${kind}.sqlite`), Number(args.kiosks), kind, {
        ...(nodeArgs ? { nodeArgs } : {}),
        ...(cli ? { cli: resolve(cli) } : {}),
      }),
    );
  }
  for (const side of sides) {
    await side.fleet.slice(1); // warm-up
    side.fleet.reset();
  }
  const session = args.profile === undefined ? null : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
  }
  const seconds = Number(args.seconds);
  const split = sides.map(() => ({ user: 0, system: 0 }));
  const selfMs = new Map<string, number>();
  for (let r = 0; r < Number(args.rounds); r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const profiled = session !== null && side === sides[0];
      if (profiled) await session.post('Profiler.start');
      const before = process.cpuUsage();
      await side.slice(seconds);
      const used = process.cpuUsage(before);
      if (profiled) {
        const { profile } = await session.post('Profiler.stop');
        // The last round's profile on disk; every round's self time summed.
        if (args.profile !== undefined) writeFileSync(args.profile, JSON.stringify(profile));
        for (const { name, ms } of selfTimes(profile as unknown as Profile)) {
          selfMs.set(name, (selfMs.get(name) ?? 0) + ms);
        }
      }
      const s = split[sides.indexOf(side)];
      if (s) {
        s.user += used.user / 1000;
        s.system += used.system / 1000;
      }
    }
  }
  const profiledSide = sides[0];
  if (session && profiledSide) {
    session.disconnect();
    const issued = profiledSide.total.count;
    const all = [...selfMs.values()].reduce((a, b) => a + b, 0);
    console.log(
      `profile of the ${kinds[0]} kiosks' process, ${issued} issues: ${((all * 1000) / issued).toFixed(1)} µs sampled per issue; the most self time (µs per issue, function):`,
    );
    for (const [name, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`  ${((ms * 1000) / issued).toFixed(1).padStart(7)}  ${name}`);
    }
  }
  sides.forEach((side, i) => {
    const f = side.figures();
    const s = split[i] ?? { user: 0, system: 0 };
    const cli = args.clis?.split(',')[i];
    console.log(
      `${kinds[i]}${cli ? ` (${cli})` : ''}: ${f.issued} issues in ${f.seconds.toFixed(1)} s = ${Math.round(f.perSecond)}/s; CPU per issue: hub ${f.hubCpuMsPerIssue.toFixed(3)} ms, kiosks ${f.kioskCpuMsPerIssue.toFixed(3)} ms (user ${(s.user / f.issued).toFixed(3)}, system ${(s.system / f.issued).toFixed(3)}); the hub sent per issue 1 ack and ${f.batchMessagesPerIssue.toFixed(2)} batch messages (${(f.batchMessagesPerIssue / Number(args.kiosks)).toFixed(3)} batches)`,
    );
  });
} finally {
  for (const side of sides) await side.stop();
  rmSync(dir, { recursive: true, force: true });
}

const hubProfile = args['hub-profile'];
const profiledHub = sides[0];
if (hubProfile !== undefined && profiledHub) {
  const file = join(hubProfile, `hub-1-${kinds[0]}.cpuprofile`);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const issued = profiledHub.total.count + profiledHub.fleet.acks();
  const top = selfTimes(profile);
  const all = top.reduce((sum, t) => sum + t.ms, 0);
  console.log(
    `profile of the ${kinds[0]} kiosks' hub child (${file}; the whole run, its ${issued} issues with the warm-up's): the most self time (µs per issue, share of the samples, function):`,
  );
  for (const { name, ms } of top.slice(0, 40)) {
    console.log(
      `  ${((ms * 1000) / issued).toFixed(1).padStart(7)}  ${((ms / all) * 100).toFixed(1).padStart(5)}%  ${name}`,
    );
  }
}
