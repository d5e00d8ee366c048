/// <reference types="vite/types/importMeta.d.ts" />
// import.meta.glob: Vite inlines source files at build time (test/architecture reads src/ so).

declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** The fuzz suites' seed, from the FUZZ_SEED environment variable ('' for the fixed one). */
    FUZZ_SEED: string;
    /** A second database (vitest.config.ts) for comparing two histories of one corpus. */
    TWIN_DB: D1Database;
  }
}

declare module '*.txt?raw' {
  const text: string;
  export default text;
}

declare module '*.md?raw' {
  const text: string;
  export default text;
}

/** Vite's `?raw` suffix imports any file's text (TOML, logs), which is how tests read fixtures in workerd. */
declare module '*?raw' {
  const text: string;
  export default text;
}
