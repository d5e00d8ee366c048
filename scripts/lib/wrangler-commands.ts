/**
 * The wrangler command lines the importer runs, built in one place so tests can check them.
 * No Node imports: the Workers test pool imports this file.
 */

export interface WranglerTarget {
  /** --config, absolute. */
  configPath: string;
  /** --env staging|production; undefined for the top-level config. */
  environment?: string;
}

function common(target: WranglerTarget): string[] {
  return [
    '--config',
    target.configPath,
    ...(target.environment ? ['--env', target.environment] : []),
  ];
}

/**
 * `wrangler d1 migrations apply DB --local`, into the same state directory the import uses.
 *
 * @example
 * migrateLocalArgs({ configPath: '/p/wrangler.toml' }, '/tmp/state')
 * // ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', '/tmp/state', '--config', '/p/wrangler.toml']
 */
export function migrateLocalArgs(target: WranglerTarget, persistRoot: string): string[] {
  return [
    'd1',
    'migrations',
    'apply',
    'DB',
    '--local',
    '--persist-to',
    persistRoot,
    ...common(target),
  ];
}

/**
 * Runs a SQL file on the deployed database. wrangler sends a --file through D1's import API,
 * which applies it as one unit: if any statement fails the database returns to its state
 * before the file (wrangler prints so, and refuses files with their own BEGIN TRANSACTION).
 * --yes skips the "database unavailable while importing" prompt; --json gives the row counts.
 *
 * @example
 * remoteFileArgs({ configPath: '/p/wrangler.toml', environment: 'staging' }, '/tmp/a.sql')
 */
export function remoteFileArgs(target: WranglerTarget, file: string): string[] {
  return ['d1', 'execute', 'DB', '--remote', '--file', file, '--yes', '--json', ...common(target)];
}

/** A read on the deployed database through D1's query API; results as JSON. */
export function remoteCommandArgs(target: WranglerTarget, sql: string): string[] {
  return ['d1', 'execute', 'DB', '--remote', '--command', sql, '--json', ...common(target)];
}

/**
 * Puts one imported image into the deployed MEDIA bucket (`--remote`: wrangler 4 writes to the
 * local bucket by default).
 *
 * @example
 * remoteMediaPutArgs({ configPath: '/p/wrangler.toml', environment: 'staging' }, 'alphanode-media-staging', '0123456789abcdef.png', '/tmp/x', 'image/png')
 */
export function remoteMediaPutArgs(
  target: WranglerTarget,
  bucket: string,
  key: string,
  file: string,
  contentType: string,
): string[] {
  return [
    'r2',
    'object',
    'put',
    `${bucket}/${key}`,
    '--file',
    file,
    '--content-type',
    contentType,
    '--remote',
    ...common(target),
  ];
}
