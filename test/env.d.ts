declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}

/** Vite's `?raw` suffix imports a file's text, which is how tests read fixtures inside workerd. */
declare module '*?raw' {
  const text: string;
  export default text;
}
