// Loads the TypeScript sources with @swc/core (the compiler Jest uses) and caches the output on disk, so a
// child api starts in a few seconds instead of ts-node's 15 s on a busy two-core machine.
// Use: node -r ./apps/swc-register.js -r tsconfig-paths/register apps/api/src/main.ts
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { threadId } = require('node:worker_threads');
const swc = require('@swc/core');

const root = join(__dirname, '..');
const options = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete options.$schema;
options.swcrc = false;
options.sourceMaps = 'inline';
const cacheDir = join(tmpdir(), 'asn-swc-cache');
mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = function compile(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = swc.transformSync(source, { ...options, filename }).code;
    // Per process and thread: worker threads of one process (snapshot follower, rebuild threads) compile
    // the same files at the same time, and a shared temporary name made one thread's rename fail.
    const temporary = `${cached}.${process.pid}.${threadId}`;
    writeFileSync(temporary, code);
    renameSync(temporary, cached);
  }
  module._compile(code, filename);
};
