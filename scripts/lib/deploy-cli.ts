/**
 * What `npm run deploy` and `npm run rollback` share in Node: the environment argument, the site
 * URL read from wrangler.toml (the domain lives there only), and a runner that spawns commands
 * with their output shown. WRANGLER_BIN replaces `npx wrangler` for a rehearsal with a stand-in
 * (docs/DEPLOY.md, "Rehearsing without an account").
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { type Command, DEPLOY_ENVIRONMENTS, type DeployEnvironment } from './deploy-steps.ts';

export function environmentArg(value: string | undefined, usage: string): DeployEnvironment {
  const found = DEPLOY_ENVIRONMENTS.find((name) => name === value);
  if (!found) {
    console.error(
      value === undefined
        ? `missing --env\nusage: ${usage}`
        : `--env ${value}: not an environment in wrangler.toml (${DEPLOY_ENVIRONMENTS.join(', ')})\nusage: ${usage}`,
    );
    process.exit(2);
  }
  return found;
}

/** env.<name>.vars.SITE_URL from wrangler.toml: the one place the domain is written. */
export function siteUrlOf(environment: DeployEnvironment, configPath = 'wrangler.toml'): string {
  const config = parse(readFileSync(configPath, 'utf8')) as {
    env?: Record<string, { vars?: { SITE_URL?: string } }>;
  };
  const url = config.env?.[environment]?.vars?.SITE_URL;
  if (!url) {
    console.error(`${configPath}: env.${environment}.vars.SITE_URL is not set`);
    process.exit(1);
  }
  return url.replace(/\/+$/, '');
}

/** Spawns the command with inherited output (so gates print as usual) and keeps a copy of it. */
export function spawnRunner(command: Command): Promise<{ code: number; output: string }> {
  const stand_in = process.env.WRANGLER_BIN;
  const [program, args] =
    stand_in && command.program === 'npx' && command.args[0] === 'wrangler'
      ? [stand_in, command.args.slice(1)]
      : [command.program, command.args];
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['inherit', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', (error) => resolve({ code: 127, output: String(error) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
