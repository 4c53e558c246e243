/** Command-line helpers of the tools (the simulator, the region demo). */

/** Prints the usage and exits when `--help` was given. */
export function helpAndExit(asked: boolean, usage: string): void {
  if (!asked) return;
  console.log(usage);
  process.exit(0);
}

/** The whole number `text` of option `--name` in [min, max], or `fail` saying what it must be. */
export function wholeOption(
  text: string,
  name: string,
  range: [min: number, max: number],
  fail: (message: string) => never,
): number {
  const [min, max] = range;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    fail(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
