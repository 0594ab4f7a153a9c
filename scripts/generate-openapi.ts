// Writes openapi.json from the operation catalogue (`npm run openapi`). A test fails when the committed file drifts.
import { writeFileSync } from 'node:fs';
import { contract } from '../shared/contract/index.js';
import { buildOpenApi } from '../shared/contract/openapi.js';
import { APP_VERSION } from '../main/platform/version.js';

const doc = buildOpenApi(contract, { title: 'Filmroom local API', version: APP_VERSION });
writeFileSync(new URL('../openapi.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.log('openapi.json written');
