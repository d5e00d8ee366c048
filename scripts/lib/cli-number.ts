/** Whole-number command-line options, with one clear error for every script. */

/**
 * The option's value as a whole number at least `min`, `fallback` when it was not given; exits
 * with status 2 and a message naming the tool and the option otherwise.
 *
 * @example
 * const count = wholeNumberOption('generate', 'count', values.count, 200, 0);
 */
export function wholeNumberOption(
  tool: string,
  name: string,
  value: string | undefined,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < min) {
    const what = min === 0 ? 'a whole number' : `a whole number of at least ${min}`;
    console.error(`${tool}: --${name} must be ${what}, got "${value}"`);
    process.exit(2);
  }
  return Number(value);
}
