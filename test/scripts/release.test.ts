import { describe, expect, it } from 'vitest';
import {
  addToChangelog,
  compareVersions,
  gateProblems,
  preflightProblems,
  type ReleaseFacts,
  renderReleaseNote,
} from '../../scripts/lib/release.ts';

const ready: ReleaseFacts = {
  version: '0.2.0',
  currentVersion: '0.1.0',
  uncommitted: [],
  tagExists: false,
  ownerName: 'Ada Lovelace',
  ownerEmail: 'ada@example.com',
  expected: 'similar links on every article; p95 unchanged',
};

describe('release refusals', () => {
  it('lets a clean, new, owned release with an expectation through', () => {
    expect(preflightProblems(ready)).toEqual([]);
  });

  it('refuses a dirty tree', () => {
    expect(preflightProblems({ ...ready, uncommitted: [' M src/app.ts', '?? notes.txt'] })).toEqual(
      [
        'the working tree is not clean (2 uncommitted changes, e.g.  M src/app.ts): commit or stash first',
      ],
    );
  });

  it('refuses a version that is malformed, equal or older', () => {
    expect(preflightProblems({ ...ready, version: 'v0.2' })).toEqual([
      '"v0.2" is not a version like 1.4.0 (semver, without a leading v)',
    ]);
    expect(preflightProblems({ ...ready, version: '0.1.0' })).toEqual([
      '0.1.0 is not newer than the current version 0.1.0',
    ]);
    expect(preflightProblems({ ...ready, version: '0.0.9' })).toHaveLength(1);
  });

  it('refuses an existing tag, a missing owner and a missing expectation', () => {
    expect(
      preflightProblems({ ...ready, tagExists: true, ownerEmail: '', expected: '  ' }),
    ).toEqual([
      'tag v0.2.0 already exists',
      'git config user.name and user.email must be set: the release note names its owner',
      '--expect "<what should change after the deploy>" is required: the release note records it',
    ]);
  });

  it('refuses when a gate failed or the checks changed the tree', () => {
    const gates = [
      { command: 'npm run verify:config -- production', passed: false },
      { command: 'npm run check', passed: true },
    ];
    expect(gateProblems(gates, [])).toEqual(['npm run verify:config -- production failed']);
    expect(
      gateProblems([{ command: 'npm run check', passed: true }], [' M worker-configuration.d.ts']),
    ).toEqual([
      'the checks left the tree changed ( M worker-configuration.d.ts): what was checked is not what would be tagged',
    ]);
    expect(gateProblems([{ command: 'npm run check', passed: true }], [])).toEqual([]);
  });

  it('orders versions as semver does', () => {
    expect(compareVersions('0.10.0', '0.9.1')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
  });
});

describe('release note', () => {
  const note = renderReleaseNote({
    version: '0.2.0',
    date: '2026-05-01',
    owner: 'Ada Lovelace <ada@example.com>',
    commit: 'abc1234',
    expected: 'similar links on every article',
    newMigrations: ['migrations/0002_job_cursor.sql'],
    gates: ['npm run verify:config -- production', 'npm run check'],
  });

  it('names the owner, the expected result and the rollback command', () => {
    expect(note).toContain('## v0.2.0 (2026-05-01)');
    expect(note).toContain('- Owner: Ada Lovelace <ada@example.com>');
    expect(note).toContain('- Expected result: similar links on every article');
    expect(note).toContain('npx wrangler rollback --env production');
    expect(note).toContain('`npm run check`');
  });

  it('warns that a rollback leaves new migrations applied', () => {
    expect(note).toContain('migrations/0002_job_cursor.sql');
    expect(note).toContain('npx wrangler d1 time-travel restore alphanode-production');
  });

  it('goes into CHANGELOG.md as the newest entry, creating the file when needed', () => {
    const created = addToChangelog(null, note);
    expect(created.startsWith('# Changelog\n')).toBe(true);
    expect(created).toContain(note);
    const older = '# Changelog\n\nintro\n\n## v0.1.5 (2026-04-01)\n\n- Owner: x\n';
    const updated = addToChangelog(older, note);
    expect(updated.indexOf('## v0.2.0')).toBeLessThan(updated.indexOf('## v0.1.5'));
    expect(updated).toContain('- Owner: x');
  });
});
