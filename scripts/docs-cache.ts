/** npm run docs:cache — writes docs/CACHE_RULES.md from src/cache/rules.ts. */
import { writeFileSync } from 'node:fs';
import { renderCacheRules } from './lib/rules-doc.ts';

writeFileSync('docs/CACHE_RULES.md', renderCacheRules());
console.log('docs:cache: wrote docs/CACHE_RULES.md');
