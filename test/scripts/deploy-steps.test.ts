/**
 * `npm run deploy` and `npm run rollback` with a recording stand-in for the command runner
 * (wrangler is a CLI, not our code) and a stand-in for the deployed site's /healthz.
 */
import { describe, expect, it } from 'vitest';
import {
  type Command,
  type DeployIo,
  type DeployPlan,
  deploy,
  rollback,
  smokeCheck,
} from '../../scripts/lib/deploy-steps.ts';

const plan: DeployPlan = {
  environment: 'staging',
  tag: 'v0.2.0',
  message: 'deploy v0.2.0',
  siteUrl: 'https://staging.example.com',
};

/** A site whose /healthz reports `health` and whose home page answers `homeStatus`. */
function site(health: { status: number; tag: string | null; state?: string }, homeStatus = 200) {
  const requested: string[] = [];
  const fake = (async (input: RequestInfo | URL) => {
    const url = String(input);
    requested.push(url);
    if (url.endsWith('/healthz')) {
      return Response.json(
        {
          status: health.state ?? 'ok',
          version: { id: 'version-2', tag: health.tag },
          problems: health.state === 'failing' ? ['similar: has never run'] : [],
        },
        { status: health.status },
      );
    }
    return new Response('<!DOCTYPE html>', { status: homeStatus });
  }) as typeof fetch;
  return { fetch: fake, requested };
}

/** A runner that records every command and fails the one whose line contains `failOn`. */
function io(fetchImpl: typeof fetch, failOn?: string): DeployIo & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    run: async (command: Command) => {
      const line = [command.program, ...command.args].join(' ');
      ran.push(line);
      return { code: failOn && line.includes(failOn) ? 1 : 0, output: '' };
    },
    fetch: fetchImpl,
    log: () => undefined,
    sleep: async () => undefined,
  };
}

describe('npm run deploy', () => {
  it('runs verify:config, the tests and a build, then wrangler deploy with the tag, then checks the site', async () => {
    const target = site({ status: 200, tag: 'v0.2.0' });
    const runner = io(target.fetch);
    const outcome = await deploy(plan, runner);
    expect(outcome).toEqual({ ok: true, problems: [] });
    expect(runner.ran).toEqual([
      'npm run verify:config -- staging',
      'npm test',
      'npx wrangler deploy --dry-run --outdir .wrangler/deploy/staging --env staging',
      'npx wrangler deploy --env staging --tag v0.2.0 --message deploy v0.2.0',
    ]);
    expect(target.requested).toEqual([
      'https://staging.example.com/healthz',
      'https://staging.example.com/',
    ]);
  });

  it.each([
    ['verify:config', 1],
    ['npm test', 2],
    ['--dry-run', 3],
  ])('stops at a failed gate (%s) and deploys nothing', async (failOn, ran) => {
    const runner = io(site({ status: 200, tag: 'v0.2.0' }).fetch, failOn);
    const outcome = await deploy(plan, runner);
    expect(outcome.ok).toBe(false);
    expect(outcome.problems[0]).toContain('nothing was deployed');
    expect(runner.ran).toHaveLength(ran);
    expect(runner.ran.some((line) => line.includes('--tag'))).toBe(false);
  });

  it('accepts a fresh site whose jobs have not run yet (pending)', async () => {
    const runner = io(site({ status: 200, tag: 'v0.2.0', state: 'pending' }).fetch);
    expect((await deploy(plan, runner)).ok).toBe(true);
  });

  it('fails the smoke check, with the rollback command, when the old version still answers', async () => {
    const outcome = await deploy(plan, io(site({ status: 200, tag: 'v0.1.0' }).fetch));
    expect(outcome.failedAt).toBe('smoke');
    expect(outcome.problems).toEqual([
      'after 10 tries: /healthz reports version version-2 tagged v0.1.0, not v0.2.0',
      'to return to the previous version: npm run rollback -- --env staging',
    ]);
  });

  it('fails the smoke check when /healthz is failing or the home page is down', async () => {
    const failing = await smokeCheck(plan.siteUrl, {
      tag: 'v0.2.0',
      attempts: 1,
      fetch: site({ status: 503, tag: 'v0.2.0', state: 'failing' }).fetch,
    });
    expect(failing).toEqual([
      'after 1 tries: /healthz answered 503 (failing): similar: has never run',
    ]);
    const down = await smokeCheck(plan.siteUrl, {
      attempts: 1,
      fetch: site({ status: 200, tag: 'v0.2.0' }, 500).fetch,
    });
    expect(down).toEqual(['after 1 tries: / answered 500']);
  });
});

describe('npm run rollback', () => {
  it('rolls back with a message, unattended, then checks that the site answers', async () => {
    const runner = io(site({ status: 200, tag: 'v0.1.0' }).fetch);
    const outcome = await rollback('production', 'p95 doubled', undefined, plan.siteUrl, runner);
    expect(outcome.ok).toBe(true);
    expect(runner.ran).toEqual([
      'npx wrangler rollback --env production --message p95 doubled --yes',
    ]);
  });

  it('names the version to return to when given one, and reports a failed rollback', async () => {
    const runner = io(site({ status: 200, tag: null }).fetch, 'rollback');
    const outcome = await rollback('production', 'bad', 'abc-123', plan.siteUrl, runner);
    expect(runner.ran).toEqual([
      'npx wrangler rollback abc-123 --env production --message bad --yes',
    ]);
    expect(outcome).toEqual({
      ok: false,
      failedAt: 'rollback',
      problems: ['wrangler rollback failed (exit 1)'],
    });
  });
});
