/**
 * Runs bundled Workers on workerd through Miniflare's API, the way `wrangler dev` does underneath
 * but without its Node proxy in front (which caps throughput well below what workerd serves, so
 * every case would measure the proxy). The app's bindings come from wrangler.toml itself, so it
 * sees the same D1 binding, vars and version metadata as under `wrangler dev`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Miniflare, type MiniflareOptions, type WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { bundleWorker } from './bundle.ts';
import type { ImportReply, ImportRequest } from './import-worker.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const APP_CONFIG = path.join(ROOT, 'wrangler.toml');
export const LOOPBACK = '127.0.0.1';
const APP_NAME = 'alphanode-edge';
const IMPORTER_NAME = 'bench-importer';
const BRIDGE_NAME = 'd1-bridge';
/** The import CLI's own D1 bridge (one HTTP request per statement or batch), reused as is. */
const BRIDGE_SCRIPT = path.join(ROOT, 'scripts', 'lib', 'd1-bridge-worker.js');

export interface RunningWorker {
  mf: Miniflare;
  /** Origin the Worker answers on, e.g. http://127.0.0.1:8851. */
  origin: string;
  dispose(): Promise<void>;
}

export interface RunningApp extends RunningWorker {
  /** Runs one import inside workerd, on the app's D1 (see import-worker.ts). */
  importDocuments(request: ImportRequest): Promise<ImportReply>;
}

/**
 * The D1 folder inside a `--persist-to` directory: wrangler keeps local D1 under `<dir>/v3/d1`,
 * so a database that Miniflare fills here is the one `wrangler dev --persist-to <dir>` serves.
 *
 * @example
 * d1PersistPath('/tmp/db') // '/tmp/db/v3/d1'
 */
export function d1PersistPath(persistTo: string): string {
  return path.join(persistTo, 'v3', 'd1');
}

/**
 * What to do with workerd's own output. The app writes one log line per request to stdout; under
 * thousands of requests a second, printing them would put a terminal's work on the cores the
 * benchmark measures (in production the lines go to Workers Logs, off the serving path). So stdout
 * is read and dropped; stderr (errors) still reaches ours.
 */
function quietRuntime(stdout: Readable, stderr: Readable): void {
  stdout.resume();
  stderr.pipe(process.stderr);
}

/** Like quietRuntime, but hands the Worker's job log lines (event job_*) to `onJobLine`. */
function jobLinesOf(onJobLine: (line: string) => void) {
  return (stdout: Readable, stderr: Readable): void => {
    createInterface({ input: stdout }).on('line', (line) => {
      if (line.includes('"event":"job_')) {
        onJobLine(line);
      }
    });
    stderr.pipe(process.stderr);
  };
}

function appWorkerOptions() {
  return unstable_getMiniflareWorkerOptions(APP_CONFIG).workerOptions;
}

/**
 * Bundles a helper Worker (the baseline, the importer) with the app's compatibility date and flags,
 * so it differs from the app only in what its code does.
 */
function bundleHelper(name: string, main: string, outDir: string): string {
  const app = appWorkerOptions();
  const dir = path.join(outDir, name);
  const configPath = path.join(outDir, `${name}.wrangler.toml`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    configPath,
    [
      `name = ${JSON.stringify(name)}`,
      `main = ${JSON.stringify(main)}`,
      `compatibility_date = ${JSON.stringify(app.compatibilityDate)}`,
      `compatibility_flags = ${JSON.stringify(app.compatibilityFlags ?? [])}`,
      '',
    ].join('\n'),
  );
  return bundleWorker(configPath, dir);
}

function moduleWorker(name: string, scriptPath: string): WorkerOptions {
  // Module names are paths relative to modulesRoot; the bundles live outside the repository.
  return { name, modules: true, modulesRoot: path.dirname(scriptPath), scriptPath };
}

function importerWorker(outDir: string): WorkerOptions {
  const app = appWorkerOptions();
  const script = bundleHelper(
    IMPORTER_NAME,
    path.join(import.meta.dirname, 'import-worker.ts'),
    outDir,
  );
  return {
    ...moduleWorker(IMPORTER_NAME, script),
    compatibilityDate: app.compatibilityDate,
    compatibilityFlags: app.compatibilityFlags,
    // The same database id as the app's binding, so both reach the same SQLite file.
    d1Databases: app.d1Databases,
  } as WorkerOptions;
}

/** Waits until `mf` serves; disposes of it when it cannot start (a port taken meanwhile). */
async function ready(mf: Miniflare): Promise<URL> {
  try {
    return await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => undefined);
    throw error;
  }
}

async function withImporter(mf: Miniflare): Promise<RunningApp> {
  const url = await ready(mf);
  // Miniflare's Fetcher type comes from its own copy of the Workers types; only fetch is needed.
  const importer = (await mf.getWorker(IMPORTER_NAME)) as unknown as {
    fetch(url: string, init: { method: string; body: string }): Promise<Response>;
  };
  return {
    mf,
    origin: url.origin,
    dispose: () => mf.dispose(),
    async importDocuments(request) {
      const response = await importer.fetch('http://importer/', {
        method: 'POST',
        body: JSON.stringify(request),
      });
      if (!response.ok) {
        throw new Error(`the import failed (HTTP ${response.status}): ${await response.text()}`);
      }
      return (await response.json()) as ImportReply;
    },
  };
}

/**
 * Starts the app (already bundled) over the local D1 in `persistTo`, with the importer Worker
 * (import-worker.ts) bound to the same database.
 *
 * @example
 * const app = await startApp({ scriptPath, persistTo: '/tmp/db', port: 8851, outDir: '/tmp/b' });
 * await fetch(`${app.origin}/`);
 * await app.dispose();
 */
export async function startApp(options: {
  scriptPath: string;
  persistTo: string;
  port: number;
  /** Where helper bundles go. */
  outDir: string;
  /** Secrets a caller needs (ADMIN_TOKEN for the admin routes). */
  secrets?: Record<string, string>;
  /**
   * Also serve the import CLI's D1 bridge on this loopback port, bound to the app's database, so
   * another process can import into the very D1 instance the app serves from.
   */
  bridgePort?: number;
  /** Receives the scheduled jobs' log lines (job_run, job_chunk) as the Worker writes them. */
  onJobLine?: (line: string) => void;
}): Promise<RunningApp> {
  const app = appWorkerOptions();
  const mf = new Miniflare({
    host: LOOPBACK,
    port: options.port,
    handleRuntimeStdio: options.onJobLine ? jobLinesOf(options.onJobLine) : quietRuntime,
    d1Persist: d1PersistPath(options.persistTo),
    workers: [
      // The first Worker is the one Miniflare serves on the port.
      {
        ...app,
        ...moduleWorker(APP_NAME, options.scriptPath),
        // The site's own origin is where it is served: the edge cache stores only pages rendered
        // for SITE_URL's host, and links in pages should lead back to this server.
        bindings: {
          ...app.bindings,
          ...options.secrets,
          SITE_URL: `http://${LOOPBACK}:${options.port}`,
        },
      } as WorkerOptions,
      importerWorker(options.outDir),
      ...(options.bridgePort === undefined
        ? []
        : [
            {
              name: BRIDGE_NAME,
              modules: true,
              scriptPath: BRIDGE_SCRIPT,
              compatibilityDate: app.compatibilityDate,
              d1Databases: app.d1Databases,
              unsafeDirectSockets: [{ host: LOOPBACK, port: options.bridgePort }],
            } as WorkerOptions,
          ]),
    ],
  });
  return withImporter(mf);
}

/**
 * Bundles and starts the baseline Worker (baseline-worker.tsx) on its own runtime instance, bound
 * to the app's D1 in `persistTo` (read only) for its one-D1-read case.
 */
export async function startBaseline(options: {
  outDir: string;
  port: number;
  persistTo: string;
}): Promise<RunningWorker> {
  const app = appWorkerOptions();
  const scriptPath = bundleHelper(
    'bench-baseline',
    path.join(import.meta.dirname, 'baseline-worker.tsx'),
    options.outDir,
  );
  const mf = new Miniflare({
    host: LOOPBACK,
    port: options.port,
    handleRuntimeStdio: quietRuntime,
    ...moduleWorker('bench-baseline', scriptPath),
    compatibilityDate: app.compatibilityDate,
    compatibilityFlags: app.compatibilityFlags,
    d1Databases: app.d1Databases,
    d1Persist: d1PersistPath(options.persistTo),
  } as MiniflareOptions);
  const url = await ready(mf);
  return { mf, origin: url.origin, dispose: () => mf.dispose() };
}
