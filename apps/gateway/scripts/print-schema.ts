import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGatewaySchema } from '../src/schema.js';
import { defaultModules } from '../src/modules.js';
import { printGatewaySchema } from '../src/print-schema.js';

const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
writeFileSync(target, printGatewaySchema(await buildGatewaySchema(defaultModules)));
process.stdout.write(`wrote ${target}\n`);
