/**
 * The checks behind `npm run verify:config -- staging|production`: what a deployed environment in
 * wrangler.toml must have for this app to work and be safe. Pure (it takes the parsed TOML), so
 * each misconfiguration is tested on a sample file; scripts/verify-config.ts does the reading.
 *
 * Wrangler's inheritance is mirrored: compatibility_date, routes, workers_dev, triggers and
 * observability fall back to the top level; vars, d1_databases and version_metadata never do.
 */

export const CHECKS = {
  environment: 'the environment is defined',
  d1: 'its own D1 database (a real id, shared with no other environment)',
  crons: 'cron triggers for every job',
  'compatibility-date': 'compatibility date pinned to the tested runtime',
  vars: 'required vars present',
  secrets: 'no secret in plain vars',
  routes: 'routes on a custom domain, workers.dev off',
  'version-metadata': 'version metadata binding (for /healthz and the log lines)',
  observability: 'Workers Logs enabled',
} as const;

export type CheckId = keyof typeof CHECKS;

export interface ConfigProblem {
  check: CheckId;
  /** Where in wrangler.toml, as a dotted path (`env.production.vars.SITE_URL`). */
  where: string;
  message: string;
}

export interface CheckOptions {
  /** The environments that are deployed; each needs a database of its own. */
  environments: readonly string[];
  /** Cron expressions every environment must trigger (from src/job-schedule.ts). */
  requiredCrons: readonly string[];
  /** The newest compatibility date the installed runtime (workerd) supports. */
  latestCompatibilityDate: string;
}

type Table = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Whole words of a var name that mark a credential (AUTH matches AUTH_KEY, not AUTHOR). */
const SECRET_NAME =
  /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(_|$)/i;
/** Prefixes of well-known credential formats (Stripe, GitHub, Slack, AWS, JWT, PEM). */
const SECRET_PREFIX =
  /^(sk_live_|sk_test_|rk_live_|ghp_|gho_|ghs_|github_pat_|xox[abpr]-|AKIA|eyJ|-----BEGIN)/;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tables(value: unknown): Table[] {
  return Array.isArray(value) ? value.filter(isTable) : [];
}

/**
 * True for a value that reads like a credential rather than configuration: a known token format,
 * or one long unbroken run of mixed letters and digits (URLs and prose have `:`, `/` or spaces).
 *
 * @example
 * looksLikeSecret('https://alphanode.dev'); // false
 * looksLikeSecret('3f9a1c0e7b2d4a6f8e1c3b5d7a9f0e2c'); // true
 */
export function looksLikeSecret(value: string): boolean {
  if (SECRET_PREFIX.test(value)) {
    return true;
  }
  return /^[A-Za-z0-9_\-+/=]{32,}$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** The host a route pattern serves: `alphanode.dev/*` → `alphanode.dev`. */
function routeHost(pattern: string): string {
  return pattern.replace(/^https?:\/\//, '').split('/')[0] ?? '';
}

function hostMatches(host: string, routeHostPattern: string): boolean {
  return routeHostPattern.startsWith('*')
    ? host.endsWith(routeHostPattern.slice(1))
    : host === routeHostPattern;
}

/**
 * Every problem with environment `name` in the parsed wrangler.toml; empty when it is ready to
 * deploy.
 *
 * @example
 * const problems = checkEnvironment(parse(readFileSync('wrangler.toml', 'utf8')), 'production', {
 *   environments: ['staging', 'production'],
 *   requiredCrons: ['*\/30 * * * *', '17 3 * * *'],
 *   latestCompatibilityDate: '2026-04-26',
 * });
 */
export function checkEnvironment(
  config: Table,
  name: string,
  options: CheckOptions,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (check: CheckId, where: string, message: string) =>
    problems.push({ check, where, message });
  const envs = isTable(config.env) ? config.env : {};
  const env = envs[name];
  const at = `env.${name}`;
  if (!isTable(env)) {
    add('environment', at, `no [env.${name}] section in wrangler.toml`);
    return problems;
  }
  /** An inheritable key: the environment's value, else the top level's. */
  const inherited = (key: string): { value: unknown; where: string } =>
    key in env ? { value: env[key], where: `${at}.${key}` } : { value: config[key], where: key };

  // D1: its own database, never the local placeholder and never another environment's.
  const database = tables(env.d1_databases).find((db) => db.binding === 'DB');
  const dbWhere = `${at}.d1_databases[DB]`;
  if (!database) {
    add('d1', dbWhere, 'no D1 binding "DB" (d1_databases are not inherited from the top level)');
  } else {
    const id = database.database_id;
    const localIds = tables(config.d1_databases).map((db) => db.database_id);
    if (typeof id !== 'string' || !UUID.test(id)) {
      add(
        'd1',
        `${dbWhere}.database_id`,
        `"${String(id)}" is not a D1 database id: run \`npx wrangler d1 create ${String(database.database_name ?? `alphanode-${name}`)}\` and paste the id it prints`,
      );
    } else if (localIds.includes(id) || /^0{8}-/.test(id)) {
      add('d1', `${dbWhere}.database_id`, `${id} is the local development placeholder`);
    }
    for (const other of options.environments) {
      const otherDb = isTable(envs[other])
        ? tables((envs[other] as Table).d1_databases).find((db) => db.binding === 'DB')
        : undefined;
      if (other === name || !otherDb) {
        continue;
      }
      if (typeof id === 'string' && otherDb.database_id === id) {
        add(
          'd1',
          `${dbWhere}.database_id`,
          `shares its database id with env.${other}: each environment needs its own database`,
        );
      }
      if (
        database.database_name !== undefined &&
        otherDb.database_name === database.database_name
      ) {
        add(
          'd1',
          `${dbWhere}.database_name`,
          `shares its database name "${String(database.database_name)}" with env.${other}`,
        );
      }
    }
  }

  // Crons: every job's schedule, or the job silently never runs there.
  const triggers = inherited('triggers');
  const crons =
    isTable(triggers.value) && Array.isArray(triggers.value.crons) ? triggers.value.crons : [];
  if (crons.length === 0) {
    add(
      'crons',
      `${triggers.where}.crons`,
      'no cron triggers: the freshness and similar-posts jobs would never run',
    );
  } else {
    for (const cron of options.requiredCrons) {
      if (!crons.includes(cron)) {
        add('crons', `${triggers.where}.crons`, `missing "${cron}" (see src/job-schedule.ts)`);
      }
    }
  }

  // Compatibility date: a literal date no newer than the runtime the tests ran on.
  const date = inherited('compatibility_date');
  if (date.value === undefined) {
    add(
      'compatibility-date',
      date.where,
      'no compatibility_date: the runtime behaviour would not be pinned',
    );
  } else if (
    typeof date.value !== 'string' ||
    !DATE.test(date.value) ||
    Number.isNaN(Date.parse(date.value))
  ) {
    add(
      'compatibility-date',
      date.where,
      `"${String(date.value)}" is not a quoted YYYY-MM-DD date`,
    );
  } else if (date.value > options.latestCompatibilityDate) {
    add(
      'compatibility-date',
      date.where,
      `${date.value} is newer than the installed runtime supports (${options.latestCompatibilityDate})`,
    );
  } else if (
    typeof config.compatibility_date === 'string' &&
    date.value !== config.compatibility_date
  ) {
    add(
      'compatibility-date',
      date.where,
      `${date.value} differs from the top-level ${config.compatibility_date} that the tests run with`,
    );
  }

  // Vars: every var the code reads (the top-level set, which `wrangler types` turns into Env).
  const vars = isTable(env.vars) ? env.vars : {};
  const required = Object.keys(isTable(config.vars) ? config.vars : {});
  for (const key of required) {
    const value = vars[key];
    if (typeof value !== 'string' || value.trim() === '') {
      add('vars', `${at}.vars.${key}`, `missing (vars are not inherited from the top level)`);
    }
  }
  if (typeof vars.ENVIRONMENT === 'string' && vars.ENVIRONMENT !== name) {
    add('vars', `${at}.vars.ENVIRONMENT`, `is "${vars.ENVIRONMENT}" in env.${name}`);
  }

  // Secrets belong in `wrangler secret put`, never in vars, which are committed and shown in the dashboard.
  for (const [key, value] of Object.entries(vars)) {
    if (SECRET_NAME.test(key) || (typeof value === 'string' && looksLikeSecret(value))) {
      add(
        'secrets',
        `${at}.vars.${key}`,
        `looks like a secret: remove it from vars and run \`npx wrangler secret put ${key} --env ${name}\``,
      );
    }
  }

  // Routes: a custom domain (or a zone route), never workers.dev, where the Cache API is a no-op.
  const routes = inherited('routes');
  const route = inherited('route');
  const patterns: { host: string; where: string }[] = [];
  const routeList = Array.isArray(routes.value)
    ? routes.value
    : route.value !== undefined
      ? [route.value]
      : [];
  routeList.forEach((entry, i) => {
    const where = Array.isArray(routes.value) ? `${routes.where}[${i}]` : route.where;
    const pattern = typeof entry === 'string' ? entry : isTable(entry) ? entry.pattern : undefined;
    if (typeof pattern !== 'string') {
      add('routes', where, 'route has no pattern');
      return;
    }
    const host = routeHost(pattern);
    patterns.push({ host, where });
    if (host.endsWith('workers.dev')) {
      add('routes', where, `${pattern} is on workers.dev, where the Cache API does nothing`);
    } else if (
      isTable(entry) &&
      entry.custom_domain !== true &&
      !entry.zone_name &&
      !entry.zone_id
    ) {
      add('routes', where, `${pattern} names no zone: add zone_name, or custom_domain = true`);
    }
  });
  if (routeList.length === 0) {
    add(
      'routes',
      routes.where,
      'no routes: the Worker would only answer on workers.dev, where the Cache API does nothing',
    );
  }
  const workersDev = inherited('workers_dev');
  if (workersDev.value !== false) {
    add(
      'routes',
      workersDev.where,
      'workers_dev must be false: a workers.dev copy of the site bypasses the edge cache',
    );
  }
  if (typeof vars.SITE_URL === 'string' && vars.SITE_URL.trim() !== '') {
    let url: URL | null = null;
    try {
      url = new URL(vars.SITE_URL);
    } catch {
      add('vars', `${at}.vars.SITE_URL`, `"${vars.SITE_URL}" is not a URL`);
    }
    if (url && url.protocol !== 'https:') {
      add('vars', `${at}.vars.SITE_URL`, `${vars.SITE_URL} must be https`);
    }
    if (url && patterns.length > 0 && !patterns.some((p) => hostMatches(url.hostname, p.host))) {
      add(
        'routes',
        `${at}.vars.SITE_URL`,
        `${url.hostname} is not served by any of the routes (canonical URLs would point elsewhere)`,
      );
    }
  }

  // Version metadata: /healthz and the log lines name the deployed version with it.
  const versionMetadata = env.version_metadata;
  if (!isTable(versionMetadata) || versionMetadata.binding !== 'CF_VERSION_METADATA') {
    add(
      'version-metadata',
      `${at}.version_metadata`,
      'no CF_VERSION_METADATA binding (bindings are not inherited from the top level)',
    );
  }

  // Workers Logs keep the request log lines that `npm run stats` and the on-call person read.
  const observability = inherited('observability');
  if (!isTable(observability.value) || observability.value.enabled !== true) {
    add(
      'observability',
      `${observability.where}.enabled`,
      'Workers Logs are off: set [observability] enabled = true',
    );
  }

  return problems;
}
