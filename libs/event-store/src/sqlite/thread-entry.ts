import { basename, dirname, join } from 'node:path';

/**
 * The source of a worker thread's entry, evaluated as CommonJS (`new Worker(source, { eval: true })`):
 * from a build it loads `<entry>.js` beside the caller; from the TypeScript sources (npm start, Jest) it
 * loads `<entry>.ts` through the swc hook the apps use.
 */
export function threadEntrySource(callerFile: string, entry: string): string {
  const fromSources = callerFile.endsWith('.ts');
  const register = join(__dirname, '..', '..', '..', '..', 'apps', 'swc-register.js');
  const file = join(dirname(callerFile), `${basename(entry)}${fromSources ? '.ts' : '.js'}`);
  return [
    fromSources ? `if (!require.extensions['.ts']) require(${JSON.stringify(register)});` : '',
    `require(${JSON.stringify(file)});`,
  ].join('\n');
}
