/**
 * `npm run release -- <version> --expect "<what should change after the deploy>"`
 * Refuses unless the tree is clean, `npm run verify:config -- production` and `npm run check` pass
 * (scripts/lib/release.ts decides); then writes the version into package.json (and the lockfile),
 * adds the release note (owner, expected result, rollback) to CHANGELOG.md, commits, and tags
 * v<version> with the same note. It pushes and deploys nothing: docs/DEPLOY.md takes it from there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  addToChangelog,
  type GateResult,
  gateProblems,
  preflightProblems,
  renderReleaseNote,
} from './lib/release.ts';

function git(...args: string[]): { ok: boolean; out: string } {
  const result = spawnSync('git', args, { encoding: 'utf8' });
  return { ok: result.status === 0, out: (result.stdout ?? '').trim() };
}

function uncommitted(): string[] {
  return git('status', '--porcelain').out.split('\n').filter(Boolean);
}

function refuse(problems: string[]): never {
  console.error('release refused:');
  for (const problem of problems) {
    console.error(`  - ${problem}`);
  }
  process.exit(1);
}

function run(command: string, args: string[]): GateResult {
  const shown = [command, ...args].join(' ');
  console.log(`\n== ${shown}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return { command: shown, passed: result.status === 0 };
}

const { values, positionals } = parseArgs({
  options: { expect: { type: 'string', default: '' } },
  allowPositionals: true,
});
if (positionals.length !== 1 || positionals[0] === undefined) {
  console.error(
    'usage: npm run release -- <version> --expect "<what should change after the deploy>"',
  );
  process.exit(2);
}
const version = positionals[0].replace(/^v/, '');
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const preflight = preflightProblems({
  version,
  currentVersion: packageJson.version,
  uncommitted: uncommitted(),
  tagExists: git('rev-parse', '-q', '--verify', `refs/tags/v${version}`).ok,
  ownerName: git('config', 'user.name').out,
  ownerEmail: git('config', 'user.email').out,
  expected: values.expect,
});
if (preflight.length > 0) {
  refuse(preflight);
}

// The config check is quick, so it goes first; the full check (with smoke) only when it passed.
const gates: GateResult[] = [];
for (const [command, ...args] of [
  ['npm', 'run', 'verify:config', '--', 'production'],
  ['npm', 'run', 'check'],
] as const) {
  const result = run(command, args);
  gates.push(result);
  if (!result.passed) {
    break;
  }
}
const gated = gateProblems(gates, uncommitted());
if (gated.length > 0) {
  refuse(gated);
}

const previousTag = git('describe', '--tags', '--abbrev=0', '--match', 'v*');
const newMigrations = git(
  'diff',
  '--name-only',
  '--diff-filter=A',
  // Without an earlier release every migration is new: compare with git's empty tree.
  previousTag.ok ? previousTag.out : '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  'HEAD',
  '--',
  'migrations/*.sql',
)
  .out.split('\n')
  .filter(Boolean);

const note = renderReleaseNote({
  version,
  date: new Date().toISOString().slice(0, 10),
  owner: `${git('config', 'user.name').out} <${git('config', 'user.email').out}>`,
  commit: git('rev-parse', '--short', 'HEAD').out,
  expected: values.expect,
  newMigrations,
  gates: gates.map((g) => g.command),
});

// npm writes the version into package.json and package-lock.json alike.
if (
  spawnSync('npm', ['version', version, '--no-git-tag-version'], { stdio: 'inherit' }).status !== 0
) {
  refuse([`npm version ${version} failed; nothing was committed`]);
}
writeFileSync(
  'CHANGELOG.md',
  addToChangelog(existsSync('CHANGELOG.md') ? readFileSync('CHANGELOG.md', 'utf8') : null, note),
);
for (const args of [
  ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md'],
  ['commit', '-m', `release: v${version}`, '-m', note],
  ['tag', '-a', `v${version}`, '-m', `v${version}\n\n${note}`],
]) {
  const result = spawnSync('git', args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `release: git ${args[0]} failed; fix it, then finish by hand (the note is in CHANGELOG.md)`,
    );
    process.exit(1);
  }
}
console.log(
  `\n${note}\nTagged v${version}. Next: git push --follow-tags, then deploy as docs/DEPLOY.md says.`,
);
