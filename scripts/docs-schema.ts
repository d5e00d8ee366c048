/** npm run docs:schema — writes docs/DATA_MODEL.md from src/db/schema.ts. */
import { writeFileSync } from 'node:fs';
import { renderDataModel } from './lib/schema-doc.ts';

writeFileSync('docs/DATA_MODEL.md', renderDataModel());
console.log('docs:schema: wrote docs/DATA_MODEL.md');
