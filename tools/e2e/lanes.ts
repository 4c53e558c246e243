/**
 * The end-to-end suite in two lanes (`npm run test:e2e`).
 *
 * The pages' files run one at a time: a browser is heavy on two cores. The hall display's file
 * is different: most of its minutes are the voice saying calls in real time (a burst of thirty
 * calls takes a minute and a half to say), while the CPU idles. So it runs in a lane of its own,
 * beside the others, and the suite takes the longer lane's time instead of the sum.
 *
 * Arguments (a file filter, `-t name`) run one plain vitest with them, no lanes.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const CONFIG = 'vitest.e2e.config.ts';
/** Files whose time is the voice speaking: they wait, they do not compute. */
const VOICE = ['tests/e2e/display.e2e.ts'];
/**
 * Pages' files run in the voice lane after the display's, so the lanes end together: the pages
 * lane took 12 minutes and the voice lane 5.5 (a clean-clone CI run), and these two took 2.7 of
 * the pages lane's minutes.
 */
const AFTER_VOICE = ['tests/e2e/kiosk-busy.e2e.ts', 'tests/e2e/window.e2e.ts'];

interface Lane {
  name: string;
  args: string[];
}

function run(lane: Lane, prefix: boolean): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--config', CONFIG, ...lane.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    const forward = (from: NodeJS.ReadableStream, to: NodeJS.WriteStream): void => {
      const lines = createInterface({ input: from });
      lines.on('line', (line) => to.write(prefix ? `[${lane.name}] ${line}\n` : `${line}\n`));
    };
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('error', (error) => {
      process.stderr.write(`[${lane.name}] could not start vitest: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<void> {
  const extra = process.argv.slice(2);
  if (extra.length > 0) {
    process.exitCode = await run({ name: 'e2e', args: extra }, false);
    return;
  }
  const lanes: Lane[] = [
    { name: 'voice', args: [...VOICE, ...AFTER_VOICE] },
    { name: 'pages', args: [...VOICE, ...AFTER_VOICE].flatMap((file) => ['--exclude', file]) },
  ];
  const codes = await Promise.all(lanes.map((lane) => run(lane, true)));
  lanes.forEach((lane, i) => {
    process.stdout.write(`e2e lane ${lane.name}: ${codes[i] === 0 ? 'passed' : 'FAILED'}\n`);
  });
  process.exitCode = codes.every((code) => code === 0) ? 0 : 1;
}

await main();
