import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  type CheckId,
  checkEnvironment,
  looksLikeSecret,
} from '../../scripts/lib/config-checks.ts';
import wranglerToml from '../../wrangler.toml?raw';
import futureCompatibilityDate from '../fixtures/config/future-compatibility-date.toml?raw';
import good from '../fixtures/config/good.toml?raw';
import missingDatabase from '../fixtures/config/missing-database.toml?raw';
import missingEnvironment from '../fixtures/config/missing-environment.toml?raw';
import missingJobCron from '../fixtures/config/missing-job-cron.toml?raw';
import missingVar from '../fixtures/config/missing-var.toml?raw';
import noCompatibilityDate from '../fixtures/config/no-compatibility-date.toml?raw';
import noCrons from '../fixtures/config/no-crons.toml?raw';
import noRoutes from '../fixtures/config/no-routes.toml?raw';
import noVersionMetadata from '../fixtures/config/no-version-metadata.toml?raw';
import observabilityOff from '../fixtures/config/observability-off.toml?raw';
import placeholderDatabase from '../fixtures/config/placeholder-database.toml?raw';
import secretInVars from '../fixtures/config/secret-in-vars.toml?raw';
import secretValueInVars from '../fixtures/config/secret-value-in-vars.toml?raw';
import sharedDatabase from '../fixtures/config/shared-database.toml?raw';
import unfilledDatabase from '../fixtures/config/unfilled-database.toml?raw';
import workersDevInherited from '../fixtures/config/workers-dev-inherited.toml?raw';
import workersDevRoute from '../fixtures/config/workers-dev-route.toml?raw';

const options = {
  environments: ['staging', 'production'],
  requiredCrons: ['*/30 * * * *', '17 3 * * *'],
  latestCompatibilityDate: '2026-04-26',
};

function check(toml: string, env = 'production') {
  return checkEnvironment(parse(toml), env, options);
}

describe('verify:config checks', () => {
  it('passes a complete configuration for both environments', () => {
    expect(check(good, 'staging')).toEqual([]);
    expect(check(good, 'production')).toEqual([]);
  });

  // Each sample differs from good.toml by one mistake; exactly that check must catch it.
  const cases: [string, string, CheckId, RegExp][] = [
    ['missing-environment', missingEnvironment, 'environment', /no \[env\.production\] section/],
    ['shared-database', sharedDatabase, 'd1', /shares its database id with env\.staging/],
    ['placeholder-database', placeholderDatabase, 'd1', /local development placeholder/],
    ['unfilled-database', unfilledDatabase, 'd1', /wrangler d1 create alphanode-production/],
    ['missing-database', missingDatabase, 'd1', /no D1 binding "DB"/],
    ['no-crons', noCrons, 'crons', /no cron triggers/],
    ['missing-job-cron', missingJobCron, 'crons', /missing "17 3 \* \* \*"/],
    ['no-compatibility-date', noCompatibilityDate, 'compatibility-date', /no compatibility_date/],
    ['future-compatibility-date', futureCompatibilityDate, 'compatibility-date', /newer than/],
    ['missing-var', missingVar, 'vars', /SITE_URL: missing/],
    ['secret-in-vars', secretInVars, 'secrets', /ADMIN_TOKEN: looks like a secret/],
    ['secret-value-in-vars', secretValueInVars, 'secrets', /PURGE_WITH: looks like a secret/],
    ['workers-dev-route', workersDevRoute, 'routes', /workers\.dev, where the Cache API/],
    ['workers-dev-inherited', workersDevInherited, 'routes', /workers_dev must be false/],
    ['no-routes', noRoutes, 'routes', /no routes/],
    ['no-version-metadata', noVersionMetadata, 'version-metadata', /CF_VERSION_METADATA/],
    ['observability-off', observabilityOff, 'observability', /Workers Logs are off/],
  ];

  it.each(cases)('catches %s', (_name, toml, expected, message) => {
    const problems = check(toml);
    expect(new Set(problems.map((p) => p.check))).toEqual(new Set([expected]));
    expect(problems.map((p) => `${p.where}: ${p.message}`).join('\n')).toMatch(message);
    // The other environment in the same file is untouched by the mistake.
    if (expected !== 'd1' && expected !== 'compatibility-date') {
      expect(check(toml, 'staging')).toEqual([]);
    }
  });

  it('never prints the secret value it found', () => {
    const output = JSON.stringify(check(secretInVars));
    expect(output).not.toContain('s3cr3t-admin-token');
  });

  it('tells URLs and names apart from credentials', () => {
    expect(looksLikeSecret('https://alphanode.dev')).toBe(false);
    expect(looksLikeSecret('alphanode (staging)')).toBe(false);
    expect(looksLikeSecret('production')).toBe(false);
    expect(looksLikeSecret('ghp_abc')).toBe(true);
    expect(looksLikeSecret('3f9a1c0e7b2d4a6f8e1c3b5d7a9f0e2c')).toBe(true);
  });

  it("flags only the unfilled database ids in the project's own wrangler.toml", () => {
    for (const env of ['staging', 'production']) {
      const problems = check(wranglerToml, env);
      expect(problems.map((p) => [p.check, p.where])).toEqual([
        ['d1', `env.${env}.d1_databases[DB].database_id`],
      ]);
    }
  });
});
