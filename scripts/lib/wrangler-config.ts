/**
 * Where the D1 database of a wrangler environment lives: read with wrangler's own config reader,
 * so `--env`, `preview_database_id` and `migrations_dir` mean exactly what they mean to
 * `wrangler dev` and `wrangler d1`.
 */
import path from 'node:path';
import { experimental_readRawConfig, unstable_readConfig } from 'wrangler';

export const D1_BINDING = 'DB';
/** The R2 binding imported images go to (src/media/store.ts). */
export const MEDIA_BINDING = 'MEDIA';

/** The fields of a [[d1_databases]] entry the importer reads. */
interface D1DatabaseEntry {
  binding: string;
  database_name?: string;
  database_id?: string;
  preview_database_id?: string;
  migrations_dir?: string;
  migrations_table?: string;
}

export interface D1Config {
  /** The wrangler config file, absolute. */
  configPath: string;
  environment: string | undefined;
  /** The id wrangler uses for the local database (preview id first, as `wrangler d1 execute --local`). */
  localDatabaseId: string;
  databaseName: string;
  migrationsDir: string;
  migrationsTable: string;
  compatibilityDate: string | undefined;
  /** bucket_name of the MEDIA binding (the local bucket's id too, as in `wrangler dev`). */
  mediaBucket: string | undefined;
}

/**
 * @example
 * const d1 = readD1Config('wrangler.toml', 'staging');
 * d1.localDatabaseId // the database_id of [env.staging]'s DB binding
 */
export function readD1Config(configPath: string, environment?: string): D1Config {
  const absolute = path.resolve(configPath);
  if (environment !== undefined) {
    // wrangler only warns about an unknown environment and falls back to the top level, which
    // here is the local database: refuse instead of writing somewhere unexpected.
    const { rawConfig } = experimental_readRawConfig({ config: absolute });
    const envs = (rawConfig as { env?: Record<string, unknown> }).env ?? {};
    if (!(environment in envs)) {
      const known = Object.keys(envs);
      throw new Error(
        `${absolute} has no [env.${environment}] section${known.length > 0 ? ` (environments: ${known.join(', ')})` : ''}`,
      );
    }
  }
  const config = unstable_readConfig({ config: absolute, env: environment });
  const databases = config.d1_databases as D1DatabaseEntry[];
  const database = databases.find((d) => d.binding === D1_BINDING);
  if (!database) {
    throw new Error(
      `${absolute} has no D1 binding "${D1_BINDING}"${environment ? ` in [env.${environment}]` : ''}`,
    );
  }
  const id = database.preview_database_id ?? database.database_id;
  if (!id) {
    throw new Error(`the D1 binding "${D1_BINDING}" in ${absolute} has no database_id`);
  }
  return {
    configPath: absolute,
    environment,
    localDatabaseId: id,
    databaseName: database.database_name ?? D1_BINDING,
    migrationsDir: path.resolve(path.dirname(absolute), database.migrations_dir ?? 'migrations'),
    migrationsTable: database.migrations_table ?? 'd1_migrations',
    compatibilityDate: config.compatibility_date,
    mediaBucket: (config.r2_buckets as { binding: string; bucket_name?: string }[]).find(
      (b) => b.binding === MEDIA_BINDING,
    )?.bucket_name,
  };
}

/**
 * The directory wrangler keeps local state in: `--persist-to` relative to the working directory,
 * else `.wrangler/state` next to the config file (wrangler's getLocalPersistencePath).
 */
export function persistRoot(config: D1Config, persistTo?: string): string {
  return persistTo
    ? path.resolve(process.cwd(), persistTo)
    : path.resolve(path.dirname(config.configPath), '.wrangler', 'state');
}
