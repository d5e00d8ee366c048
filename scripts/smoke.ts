/**
 * `npm run smoke`: the one integration check of `npm run check`. Builds a fresh local D1 in a
 * temporary directory, migrates it, imports the sample (the seed article plus a generated corpus),
 * serves the Worker with `wrangler dev`, requests the home page, an article, a listing, search,
 * the feed and /healthz, triggers the cron jobs, waits for the article's similar links to appear,
 * checks that every request was logged, and stops the server it started.
 *
 * Options: `--persist-to DIR` runs against an existing local D1 (a copy of production made with
 * `npm run d1:copy`, see docs/DEPLOY.md) instead of a fresh one, and never deletes it;
 * `--cron-timeout S` (default 90) bounds the wait for the cron's results on big data.
 * Environment: SMOKE_PORTS=8811-8819 limits the ports it may use (default: any free port);
 * SMOKE_KEEP=1 keeps the temporary directory for inspection; SMOKE_LOG=FILE saves the output of
 * `wrangler dev` (with the request log lines) for `npm run stats -- FILE`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JOB_SCHEDULES } from '../src/job-schedule.ts';
import { prepareLocalSite, SEED_ARTICLE, wranglerDevArgs } from './lib/local-site.ts';
import { aggregate, extractRequestLines, formatStatsTable } from './lib/log-stats.ts';

const ARTICLE =
  '/posts/building-a-safer-workflow-for-building-safer-deployment-steps-with-python-services';
const ARTICLE_TITLE =
  'building a safer workflow for building safer deployment steps with python services';

const { values: options } = parseArgs({
  options: {
    'persist-to': { type: 'string' },
    'cron-timeout': { type: 'string', default: '90' },
  },
});
/** How long the site may take to show a cron's results (job time plus the cache's bound). */
const CRON_RESULT_TIMEOUT_MS = Number(options['cron-timeout']) * 1000;
if (!(CRON_RESULT_TIMEOUT_MS > 0)) {
  console.error('smoke: --cron-timeout takes a number of seconds');
  process.exit(2);
}

class SmokeFailure extends Error {}

function fail(message: string): never {
  throw new SmokeFailure(message);
}

const output: string[] = [];
let server: ChildProcess | undefined;
let workDir: string | undefined;

async function step<T>(title: string, work: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  process.stdout.write(`- ${title} ... `);
  try {
    const result = await work();
    console.log(`ok (${Date.now() - started} ms)`);
    return result;
  } catch (error) {
    console.log('FAILED');
    throw error instanceof SmokeFailure ? new SmokeFailure(`${title}: ${error.message}`) : error;
  }
}

function runCommand(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
  });
  if (result.status !== 0) {
    const log = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-25);
    fail(
      `\`${[command, ...args].join(' ')}\` exited with ${result.status ?? result.signal}:\n${log.join('\n')}`,
    );
  }
}

/** Resolves a port nothing listens on, from SMOKE_PORTS when set. */
async function freePort(exclude: number[]): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(null));
      probe.listen(port, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : null));
      });
    });
  const range = process.env.SMOKE_PORTS;
  if (!range) {
    const port = await tryPort(0);
    return port ?? fail('the OS gave no free port');
  }
  const [low, high] = range.split('-').map(Number);
  if (!low || !high || high < low) {
    fail(`SMOKE_PORTS must look like 8811-8819, got "${range}"`);
  }
  for (let port = low; port <= high; port += 1) {
    if (!exclude.includes(port) && (await tryPort(port)) !== null) {
      return port;
    }
  }
  return fail(`no free port in SMOKE_PORTS=${range}`);
}

function startServer(persistTo: string, port: number, inspectorPort: number): ChildProcess {
  const child = spawn(
    'npx',
    wranglerDevArgs({ port, inspectorPort, persistTo, testScheduled: true }),
    {
      // Its own process group, so stopping it also stops the workerd processes it spawns.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
    },
  );
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n'));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return child;
}

async function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child?.pid || child.exitCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const killed = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
  ]);
  if (!killed) {
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Fetched {
  response: Response;
  body: string;
}

const requestIds: string[] = [];

async function get(base: string, pathname: string): Promise<Fetched> {
  const response = await fetch(new URL(pathname, base), { redirect: 'manual' });
  const body = await response.text();
  // Every response, whatever the route, must carry the observe middleware's headers.
  const timing = response.headers.get('server-timing') ?? '';
  if (!/total;dur=/.test(timing) || !/db;dur=/.test(timing)) {
    fail(`${pathname}: Server-Timing "${timing}" lacks total or db`);
  }
  if (!/^\d+$/.test(response.headers.get('x-db-calls') ?? '')) {
    fail(`${pathname}: no numeric x-db-calls header`);
  }
  const requestId = response.headers.get('x-request-id');
  if (!requestId) {
    fail(`${pathname}: no x-request-id header`);
  }
  requestIds.push(requestId);
  return { response, body };
}

async function expectPage(base: string, pathname: string, contentType: RegExp): Promise<string> {
  const { response, body } = await get(base, pathname);
  if (response.status !== 200) {
    fail(`${pathname} answered ${response.status}, expected 200:\n${body.slice(0, 400)}`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (!contentType.test(type)) {
    fail(`${pathname} has content-type "${type}", expected ${contentType}`);
  }
  return body;
}

/** Links inside the article's "Similar posts" block, or null when the page has no such block. */
function similarLinks(html: string): string[] | null {
  const heading = /<h([2-6])[^>]*>\s*Similar posts\s*<\/h\1>/i.exec(html);
  if (!heading) {
    return null;
  }
  const rest = html.slice(heading.index + heading[0].length);
  const end = rest.search(/<h[1-6][\s>]|<\/section>|<\/aside>|<\/nav>/i);
  const block = end === -1 ? rest : rest.slice(0, end);
  return [...block.matchAll(/href="(\/posts\/[^"]+)"/g)].map((m) => m[1] ?? '');
}

function postLinks(html: string): number {
  return [...html.matchAll(/href="\/posts\/[^"]+"/g)].length;
}

async function main(): Promise<void> {
  await step('preflight', () => {
    for (const file of [SEED_ARTICLE, 'scripts/generate.ts', 'scripts/import.ts']) {
      if (!existsSync(file)) {
        fail(`${file} is missing; smoke needs it to load the sample`);
      }
    }
  });

  workDir = mkdtempSync(path.join(tmpdir(), 'alphanode-smoke-'));
  const persistTo = options['persist-to'] ?? path.join(workDir, 'state');
  const corpus = path.join(workDir, 'corpus');
  console.log(
    options['persist-to']
      ? `  (existing local D1 in ${persistTo}, kept afterwards)`
      : `  (fresh local D1 in ${persistTo})`,
  );

  for (const command of prepareLocalSite({ persistTo, sampleDir: corpus })) {
    await step(command.title, () => runCommand(command.command, command.args));
  }

  const port = await freePort([]);
  const inspectorPort = await freePort([port]);
  const base = `http://127.0.0.1:${port}`;
  await step(`start wrangler dev on ${base}`, async () => {
    server = startServer(persistTo, port, inspectorPort);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (server.exitCode !== null) {
        fail(`wrangler dev exited with ${server.exitCode} before serving`);
      }
      try {
        await fetch(`${base}/healthz`);
        return;
      } catch {
        await sleep(500);
      }
    }
    fail('wrangler dev did not answer within 90 s');
  });

  await step('home page', async () => {
    const html = await expectPage(base, '/', /^text\/html/);
    if (postLinks(html) === 0) {
      fail('the home page links to no article');
    }
  });
  const before = await step('article page', async () => {
    const html = await expectPage(base, ARTICLE, /^text\/html/);
    if (!html.toLowerCase().includes(ARTICLE_TITLE)) {
      fail(`the article page does not show its title "${ARTICLE_TITLE}"`);
    }
    const links = similarLinks(html);
    if (links === null) {
      fail('the article page has no "Similar posts" heading');
    }
    return links.length;
  });
  console.log(`  (${before} similar links before the cron ran)`);
  if (before > 0 && !options['persist-to']) {
    // On a fresh database only the cron writes similar_posts; links now would mean the check
    // below could pass without the cron doing anything.
    fail(
      `the article already shows ${before} similar links before the cron ran on a fresh database`,
    );
  }
  await step('listing page', async () => {
    const html = await expectPage(base, '/stack/python', /^text\/html/);
    if (postLinks(html) === 0) {
      fail('/stack/python lists no article, though the seed is a python article');
    }
  });
  await step('search', async () => {
    const html = await expectPage(base, '/search?q=safer%20deployment%20steps', /^text\/html/);
    if (postLinks(html) === 0) {
      fail(
        'searching for "safer deployment steps" found nothing, though the seed is about exactly that',
      );
    }
  });
  await step('feed', async () => {
    const xml = await expectPage(base, '/feed.xml', /xml/);
    if (!/<rss[\s>]|<feed[\s>]/.test(xml) || !xml.includes('/posts/')) {
      fail('/feed.xml is not an RSS or Atom feed of articles');
    }
  });
  await step('/healthz answers and reaches D1', async () => {
    const { response, body } = await get(base, '/healthz');
    const report = JSON.parse(body) as { d1?: { ok?: boolean }; jobs?: unknown };
    if (report.d1?.ok !== true || !report.jobs) {
      fail(`/healthz (${response.status}) says D1 is not reachable: ${body}`);
    }
  });

  const crons = [...new Set(JOB_SCHEDULES.map((s) => s.cron))];
  await step(`trigger the cron jobs (${crons.join(', ')})`, async () => {
    for (const cron of crons) {
      const response = await fetch(`${base}/__scheduled?cron=${encodeURIComponent(cron)}`);
      await response.text();
      if (response.status !== 200) {
        fail(`/__scheduled?cron=${cron} answered ${response.status}`);
      }
    }
  });
  await step('similar links appear on the article', async () => {
    const deadline = Date.now() + CRON_RESULT_TIMEOUT_MS;
    let links: string[] | null = [];
    while (Date.now() < deadline) {
      links = similarLinks((await get(base, ARTICLE)).body);
      if (links && links.length > 0) {
        if (links.includes(ARTICLE)) {
          fail('the article lists itself as similar');
        }
        return;
      }
      await sleep(1_000);
    }
    fail(`no similar links on ${ARTICLE} ${CRON_RESULT_TIMEOUT_MS / 1000} s after the cron ran`);
  });
  await step('/healthz is healthy after the jobs ran', async () => {
    const deadline = Date.now() + 30_000;
    let last = '';
    while (Date.now() < deadline) {
      const { response, body } = await get(base, '/healthz');
      if (response.status === 200) {
        return;
      }
      last = `${response.status} ${body}`;
      await sleep(1_000);
    }
    fail(`/healthz still failing: ${last}`);
  });
  await step('every request was logged as one JSON line', async () => {
    // wrangler dev flushes the Worker's console output shortly after each response.
    await sleep(1_000);
    const { lines } = extractRequestLines(output.join('\n'));
    const logged = new Set(lines.map((l) => l.requestId));
    const missing = requestIds.filter((id) => !logged.has(id));
    if (missing.length > 0) {
      fail(
        `${missing.length} of ${requestIds.length} requests have no log line (e.g. ${missing[0]})`,
      );
    }
    console.log(`\n${formatStatsTable(aggregate(lines, 'route'), 'route')}\n`);
  });
}

async function cleanUp(): Promise<void> {
  await stopServer();
  if (process.env.SMOKE_LOG) {
    writeFileSync(process.env.SMOKE_LOG, output.join('\n'));
    console.log(`wrangler dev output saved to ${process.env.SMOKE_LOG}`);
  }
  if (workDir && process.env.SMOKE_KEEP !== '1') {
    rmSync(workDir, { recursive: true, force: true });
  } else if (workDir) {
    console.log(`kept ${workDir}`);
  }
}

process.once('SIGINT', () => {
  void cleanUp().then(() => process.exit(130));
});

try {
  await main();
  await cleanUp();
  console.log('smoke: passed');
} catch (error) {
  const tail = output.filter((line) => line.trim()).slice(-30);
  await cleanUp();
  console.error(`\nsmoke FAILED: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof SmokeFailure) && error instanceof Error) {
    console.error(error.stack);
  }
  if (tail.length > 0) {
    console.error(`\nlast lines from wrangler dev:\n${tail.join('\n')}`);
  }
  process.exit(1);
}
