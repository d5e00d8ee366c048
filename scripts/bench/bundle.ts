/**
 * Bundles a Worker the way a deploy would, once per run, so the benchmark measures the code that
 * ships: `wrangler deploy --dry-run --outdir` runs wrangler's own esbuild settings and works
 * offline. The output is one ES module that Miniflare loads directly.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Bundles the Worker described by `configPath` into `outDir` and returns the module's path.
 *
 * @example
 * const scriptPath = bundleWorker('wrangler.toml', '/tmp/bench/app');
 * // '/tmp/bench/app/index.js'
 */
export function bundleWorker(configPath: string, outDir: string): string {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = spawnSync(
    'npx',
    ['wrangler', 'deploy', '--dry-run', '--config', configPath, '--outdir', outDir],
    // Telemetry off: these machines have no network, and a stalled metrics request slows the CLI.
    { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  if (result.status !== 0) {
    throw new Error(
      `bundling ${configPath} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`,
    );
  }
  // The module is named after the entry file (src/index.ts → index.js).
  const modules = readdirSync(outDir).filter((name) => name.endsWith('.js'));
  if (modules.length !== 1) {
    throw new Error(
      `bundling ${configPath}: expected one .js module in ${outDir}, found ${modules}`,
    );
  }
  return path.join(outDir, modules[0] as string);
}
