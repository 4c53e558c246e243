import { parseCliArgs, UsageError } from './cli-args.js';
import { commandErrorMessage, runCommand } from './commands.js';

/** The `onestop-region` command: runs as soon as it is loaded (bin/onestop-region.js). */
async function main(): Promise<void> {
  let cmd;
  try {
    cmd = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`onestop-region: ${err.message}`);
      console.error('onestop-region --help shows the usage.');
      process.exitCode = 2;
      return;
    }
    throw err;
  }
  try {
    const result = await runCommand(cmd, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
    if (typeof result === 'number') {
      process.exitCode = result;
      return;
    }
    console.log('\nPress Ctrl+C to stop.');
    const stop = (signal: string): void => {
      console.log(`\nonestop-region: ${signal}, stopping`);
      result.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(`onestop-region: stopping failed: ${String(err)}`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  } catch (err) {
    const message = commandErrorMessage(err);
    if (message === null) throw err;
    console.error(`onestop-region: ${message}`);
    process.exitCode = 1;
  }
}

await main();
