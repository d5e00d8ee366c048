/** npm run docs:cache — writes docs/CACHE_RULES.md from src/cache/rules.ts. */
import { writeFileSync } from 'node:fs';
import { renderCacheRules } from '../src/cache/rules-doc.ts';

writeFileSync('docs/CACHE_RULES.md', renderCacheRules());
console.log('docs:cache: wrote docs/CACHE_RULES.md');
