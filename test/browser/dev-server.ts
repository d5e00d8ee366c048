/**
 * Starts `wrangler dev` for the browser tests the way `npm run dev` prepares it, on a fresh local
 * D1 in a temporary `--persist-to` directory: migrations applied by wrangler, the seed article plus
 * a generated sample (200 articles, seed 1) imported by `scripts/import.ts`, then the server on a
 * free port of the browser tests' own range. stop() ends the server it started and removes the
 * directory.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePorts } from '../../scripts/bench/ports.ts';
import { ROOT } from '../../scripts/bench/runtime.ts';
import { prepareLocalSite, wranglerDevArgs } from '../../scripts/lib/local-site.ts';
import { writeRealPosts } from './real-posts.ts';

const READY_TIMEOUT_MS = 90_000;
const BROWSER_PORT_RANGE = { first: 8870, last: 8889 };

export interface DevServer {
  origin: string;
  /** Everything wrangler printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function run(title: string, args: string[]): void {
  const result = spawnSync('npx', args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  if (result.status !== 0) {
    throw new Error(`${title} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

async function waitUntilServing(origin: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`wrangler dev exited with ${server.exitCode}:\n${output()}`);
    }
    try {
      await fetch(`${origin}/`);
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error(
    `wrangler dev did not answer on ${origin} within ${READY_TIMEOUT_MS} ms:\n${output()}`,
  );
}

/**
 * @example
 * const server = await startDevServer();
 * await fetch(`${server.origin}/`);
 * await server.stop();
 */
export async function startDevServer(): Promise<DevServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alphanode-browser-'));
  const persistTo = path.join(dir, 'state');
  const sampleDir = path.join(dir, 'sample');
  // A range of their own, so the browser tests can run beside `npm run bench` or `npm run load`.
  const [bridgePort = 0, port = 0, inspectorPort = 0] = await freePorts(3, BROWSER_PORT_RANGE);
  // The importer's own Miniflare listens on loopback; keep it inside this range too.
  const importFlags = ['--bridge-port', String(bridgePort), '--quiet'];
  for (const command of prepareLocalSite({ persistTo, sampleDir, importFlags })) {
    run(command.title, command.args);
  }
  const realDir = path.join(dir, 'real');
  writeRealPosts(realDir);
  run('import real Rust blog posts', [
    'tsx',
    'scripts/import.ts',
    '--persist-to',
    persistTo,
    ...importFlags,
    realDir,
  ]);

  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  const server = spawn(
    'npx',
    wranglerDevArgs({ port, inspectorPort, persistTo, testScheduled: false }),
    {
      cwd: ROOT,
      // Its own process group, so stop() can end wrangler together with the workerd it starts.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    },
  );
  server.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.pid !== undefined) {
      process.kill(-server.pid, 'SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (server.exitCode === null) {
        process.kill(-server.pid, 'SIGKILL');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(origin, server, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, output: () => log, stop };
}
