import { basename, dirname, join } from 'node:path';

/**
 * The source of a worker thread's entry, evaluated as CommonJS (`new Worker(source, { eval: true })`):
 * from a build it loads `<entry>.js` beside the caller; from the TypeScript sources (npm start, Jest) it
 * loads `<entry>.ts` through the swc hook the apps use. With `pathAliases` the thread also resolves the
 * `@asn/*` imports the way the apps do (`tsconfig-paths` on the repository's tsconfig.json); without it the
 * entry must import by relative paths only.
 */
export function threadEntrySource(
  callerFile: string,
  entry: string,
  options: { pathAliases?: boolean } = {},
): string {
  const fromSources = callerFile.endsWith('.ts');
  const root = join(__dirname, '..', '..', '..', '..');
  const register = join(root, 'apps', 'swc-register.js');
  const file = join(dirname(callerFile), `${basename(entry)}${fromSources ? '.ts' : '.js'}`);
  return [
    fromSources ? `if (!require.extensions['.ts']) require(${JSON.stringify(register)});` : '',
    options.pathAliases
      ? `{ const paths = require('tsconfig-paths'); const config = paths.loadConfig(${JSON.stringify(root)});` +
        ` if (config.resultType === 'success') paths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths }); }`
      : '',
    `require(${JSON.stringify(file)});`,
  ].join('\n');
}
