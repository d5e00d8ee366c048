/**
 * Which build of the Worker is running, for /healthz and the request log line. Deployed Workers
 * read it from the Version Metadata binding (the id `wrangler rollback` and `versions deploy`
 * take); locally that binding holds a random id per start, so the release from package.json,
 * bundled at build time, names the build instead.
 */
import packageJson from '../../package.json';

export interface VersionInfo {
  /** The Worker version id when deployed; `local-<release>` in development. */
  id: string;
  /** The tag given at upload (`wrangler versions upload --tag`), if any. */
  tag: string | null;
  /** When this version was uploaded, if known. */
  uploadedAt: string | null;
  /** package.json's version at build time (written by `npm run release`). */
  release: string;
  /** Where `id` came from. */
  source: 'version-metadata' | 'build';
}

/**
 * The running version, from the binding when deployed and from the build otherwise.
 *
 * @example
 * versionInfo(c.env).id; // '2f1e…' deployed, 'local-0.1.0' under wrangler dev
 */
export function versionInfo(env: Pick<Env, 'CF_VERSION_METADATA' | 'ENVIRONMENT'>): VersionInfo {
  const release = packageJson.version;
  const metadata = env.CF_VERSION_METADATA;
  if (env.ENVIRONMENT === 'development' || !metadata?.id) {
    return { id: `local-${release}`, tag: null, uploadedAt: null, release, source: 'build' };
  }
  return {
    id: metadata.id,
    tag: metadata.tag || null,
    uploadedAt: metadata.timestamp || null,
    release,
    source: 'version-metadata',
  };
}
