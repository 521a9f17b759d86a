#!/usr/bin/env node
// Runs a TypeScript entry point from a checkout without a build step:
// swc transpiles on load (decorator metadata included, which Nest's DI needs)
// and the tsconfig path aliases (@crescent/*) resolve to libs/*/src.
'use strict';
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
const [, , entry, ...rest] = process.argv;
if (!entry) {
  console.error('usage: node scripts/run-ts.cjs <entry.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
// runMain loads the entry as the main module, so its `require.main === module` guard holds.
require('node:module').runMain();
