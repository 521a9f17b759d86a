#!/usr/bin/env node
// Compiles every app the way the image runs them: `node scripts/build.cjs [OUT_DIR]` (default
// dist/; `npm run build` runs it, as do the Dockerfile, `npm run bench -- --built` and the
// deploy test). tsc, then tsc-alias for the @crescent/* paths, then the files the apps read
// at run time that are not TypeScript, which tsc does not copy: without them the image's
// dashboard had no page to serve (the image holds dist/, not apps/).
'use strict';
const { execFileSync } = require('node:child_process');
const { cpSync, rmSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
/** Folders of run-time files, copied to the same place under OUT_DIR. */
const RUNTIME_FILES = ['apps/api/src/dashboard/static'];

const out = path.resolve(ROOT, process.argv[2] ?? 'dist');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const run = (name, args) => execFileSync(bin(name), args, { cwd: ROOT, stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
run('tsc', ['-p', 'tsconfig.build.json', '--outDir', out]);
run('tsc-alias', ['-p', 'tsconfig.build.json', '--outDir', out]);
for (const dir of RUNTIME_FILES)
  cpSync(path.join(ROOT, dir), path.join(out, dir), {
    recursive: true,
    // Type declarations beside them serve the specs only.
    filter: (file) => !file.endsWith('.d.ts'),
  });
