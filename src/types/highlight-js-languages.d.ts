/** highlight.js grammars ship no declarations of their own; see highlight-js.d.ts. */
declare module 'highlight.js/lib/languages/*' {
  import type { LanguageFn } from 'highlight.js';

  const language: LanguageFn;
  export default language;
}
