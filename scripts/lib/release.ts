/**
 * The decisions behind `npm run release -- <version> --expect "<what should change>"`: when to
 * refuse, and the release note (owner, expected result, rollback) that goes into CHANGELOG.md and
 * the tag. Pure, so every refusal is tested; scripts/release.ts gathers the facts and runs git.
 */

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/**
 * Compares two semver versions; prereleases sort before their release.
 *
 * @example
 * compareVersions('0.2.0', '0.10.0'); // negative
 */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) {
    throw new Error(`not a semver version: ${pa ? b : a}`);
  }
  for (let i = 1; i <= 3; i += 1) {
    const diff = Number(pa[i]) - Number(pb[i]);
    if (diff !== 0) {
      return diff;
    }
  }
  if (pa[4] === pb[4]) {
    return 0;
  }
  if (pa[4] === undefined) {
    return 1;
  }
  if (pb[4] === undefined) {
    return -1;
  }
  return pa[4] < pb[4] ? -1 : 1;
}

export interface ReleaseFacts {
  /** The version asked for, without a leading "v". */
  version: string;
  /** package.json's version now. */
  currentVersion: string;
  /** `git status --porcelain` lines; any line means the tree is not clean. */
  uncommitted: string[];
  /** Whether tag v<version> already exists. */
  tagExists: boolean;
  ownerName: string;
  ownerEmail: string;
  /** What the owner expects to see after the deploy (--expect). */
  expected: string;
}

/**
 * Reasons to refuse before running anything slow; empty when the release may proceed to the
 * checks.
 *
 * @example
 * preflightProblems({ ...facts, uncommitted: [' M src/app.ts'] });
 * // ['the working tree is not clean (1 uncommitted change, e.g.  M src/app.ts): commit or stash first']
 */
export function preflightProblems(facts: ReleaseFacts): string[] {
  const problems: string[] = [];
  if (!SEMVER.test(facts.version)) {
    problems.push(`"${facts.version}" is not a version like 1.4.0 (semver, without a leading v)`);
  } else if (
    SEMVER.test(facts.currentVersion) &&
    compareVersions(facts.version, facts.currentVersion) <= 0
  ) {
    problems.push(`${facts.version} is not newer than the current version ${facts.currentVersion}`);
  }
  if (facts.uncommitted.length > 0) {
    const count = facts.uncommitted.length;
    problems.push(
      `the working tree is not clean (${count} uncommitted change${count === 1 ? '' : 's'}, e.g. ${facts.uncommitted[0]}): commit or stash first`,
    );
  }
  if (facts.tagExists) {
    problems.push(`tag v${facts.version} already exists`);
  }
  if (!facts.ownerName.trim() || !facts.ownerEmail.trim()) {
    problems.push(
      'git config user.name and user.email must be set: the release note names its owner',
    );
  }
  if (!facts.expected.trim()) {
    problems.push(
      '--expect "<what should change after the deploy>" is required: the release note records it',
    );
  }
  return problems;
}

export interface GateResult {
  /** The command that was run, as a person would type it. */
  command: string;
  passed: boolean;
}

/**
 * Reasons to refuse after the gates ran: each failed command, and a tree the checks changed.
 *
 * @example
 * gateProblems([{ command: 'npm run check', passed: false }], []);
 * // ['npm run check failed']
 */
export function gateProblems(results: GateResult[], uncommittedAfter: string[]): string[] {
  const problems = results.filter((r) => !r.passed).map((r) => `${r.command} failed`);
  if (uncommittedAfter.length > 0) {
    problems.push(
      `the checks left the tree changed (${uncommittedAfter[0]}): what was checked is not what would be tagged`,
    );
  }
  return problems;
}

export interface ReleaseNote {
  version: string;
  date: string;
  owner: string;
  commit: string;
  expected: string;
  /** Migration files added since the previous release tag. */
  newMigrations: string[];
  gates: string[];
}

/**
 * The release note, in Markdown: who owns it, what should happen, how to undo it.
 *
 * @example
 * renderReleaseNote({ version: '0.2.0', date: '2026-05-01', owner: 'Ada <ada@example.com>', ... });
 */
export function renderReleaseNote(note: ReleaseNote): string {
  const lines = [
    `## v${note.version} (${note.date})`,
    '',
    `- Owner: ${note.owner}`,
    `- Tested commit: ${note.commit}`,
    `- Expected result: ${note.expected.trim()}`,
    `- Checks passed: ${note.gates.map((g) => `\`${g}\``).join(', ')}`,
    `- Deploy: \`npx wrangler deploy --env staging\`, check it, then production gradually (docs/DEPLOY.md)`,
    `- Rollback: \`npx wrangler rollback --env production --message "roll back v${note.version}"\` returns the Worker to the version deployed before this one`,
  ];
  if (note.newMigrations.length > 0) {
    lines.push(
      `- Migrations: ${note.newMigrations.join(', ')}. A Worker rollback does not undo them; note the time before applying them and restore data with \`npx wrangler d1 time-travel restore alphanode-production --timestamp <that time>\``,
    );
  } else {
    lines.push('- Migrations: none, so a Worker rollback is complete on its own');
  }
  return `${lines.join('\n')}\n`;
}

const CHANGELOG_TITLE = '# Changelog';

/**
 * CHANGELOG.md with `note` added as the newest entry, below the title (created when missing).
 *
 * @example
 * addToChangelog(readFileSync('CHANGELOG.md', 'utf8'), renderReleaseNote(note));
 */
export function addToChangelog(changelog: string | null, note: string): string {
  const intro = `${CHANGELOG_TITLE}\n\nRelease notes written by \`npm run release\`, newest first.\n`;
  const existing = changelog ?? intro;
  const firstEntry = existing.search(/^## /m);
  if (firstEntry === -1) {
    return `${existing.trimEnd()}\n\n${note}`;
  }
  return `${existing.slice(0, firstEntry)}${note}\n${existing.slice(firstEntry)}`;
}
