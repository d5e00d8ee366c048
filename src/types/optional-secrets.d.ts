// The purge secrets are optional: a site without them relies on the content generation alone
// (docs/CACHE_RULES.md). wrangler.toml's [secrets] lists only the required ADMIN_TOKEN, which is
// what `wrangler types` (and its --check in `npm test`) types from, so these two are declared here.
declare namespace Cloudflare {
  interface Env {
    /** The zone the site is served from, for purging by Cache-Tag (`wrangler secret put`). */
    CF_ZONE_ID?: string;
    /** A token with the Zone › Cache Purge permission. */
    CF_API_TOKEN?: string;
  }
}
