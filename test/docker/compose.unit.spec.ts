/**
 * No Docker engine runs in CI, so these tests read the files under docker/ and check what `docker compose up`
 * and `docker build` depend on: pinned images, health checks that gate start order, volumes, and environment
 * that points every client at a service that exists in the same file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '..', '..');
const dockerDir = join(root, 'docker');

type Yaml = Record<string, unknown>;

interface Port {
  hostIp?: string;
  host?: number;
  container: number;
}

interface Volume {
  source: string;
  target: string;
  readOnly: boolean;
}

interface EsdbConnection {
  scheme: string;
  username?: string;
  password?: string;
  hosts: { host: string; port: number }[];
  params: Record<string, string>;
}

function isMap(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(file: string): string {
  return readFileSync(join(dockerDir, file), 'utf8');
}

function loadCompose(file: string): Yaml {
  // compose resolves `<<` merge keys, so the test does too; duplicate keys and syntax errors throw
  const doc: unknown = parse(readText(file), { merge: true });
  if (!isMap(doc) || !isMap(doc.services)) throw new Error(`${file} has no services map`);
  return doc;
}

function services(compose: Yaml): Record<string, Yaml> {
  return compose.services as Record<string, Yaml>;
}

function service(compose: Yaml, name: string): Yaml {
  const found = services(compose)[name];
  if (!isMap(found)) throw new Error(`service ${name} is missing`);
  return found;
}

/** The value compose passes when the variable is unset: `${X:-default}` -> default, `$$` -> `$`. */
function withDefaults(value: string): string {
  return value
    .replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (_m, _name: string, fallback?: string) => fallback ?? '')
    .replace(/\$\$/g, '$');
}

function environment(svc: Yaml): Record<string, string> {
  const env = svc.environment;
  const out: Record<string, string> = {};
  if (Array.isArray(env)) {
    for (const entry of env as string[]) {
      const at = entry.indexOf('=');
      out[entry.slice(0, at)] = withDefaults(entry.slice(at + 1));
    }
  } else if (isMap(env)) {
    for (const [key, value] of Object.entries(env)) out[key] = withDefaults(String(value));
  }
  return out;
}

function ports(svc: Yaml): Port[] {
  const list = (svc.ports ?? []) as unknown[];
  return list.map((entry) => {
    if (isMap(entry)) {
      return {
        hostIp: entry.host_ip as string | undefined,
        host: entry.published === undefined ? undefined : Number(withDefaults(String(entry.published))),
        container: Number(entry.target),
      };
    }
    const parts = withDefaults(String(entry)).split(':');
    const container = Number(parts.pop());
    const host = parts.length > 0 ? Number(parts.pop()) : undefined;
    return { hostIp: parts.pop(), host, container };
  });
}

function volumes(svc: Yaml): Volume[] {
  const list = (svc.volumes ?? []) as unknown[];
  return list.map((entry) => {
    if (isMap(entry)) {
      return {
        source: String(entry.source),
        target: String(entry.target),
        readOnly: entry.read_only === true,
      };
    }
    const [source, target, mode] = String(entry).split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
}

function dependsOn(svc: Yaml): Record<string, string> {
  const deps = svc.depends_on;
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d: string) => [d, 'service_started']));
  if (!isMap(deps)) return {};
  return Object.fromEntries(
    Object.entries(deps).map(([name, spec]) => [
      name,
      isMap(spec) ? String(spec.condition ?? 'service_started') : 'service_started',
    ]),
  );
}

function healthTest(svc: Yaml): string {
  const hc = svc.healthcheck;
  if (!isMap(hc) || hc.disable === true) return '';
  return Array.isArray(hc.test) ? hc.test.join(' ') : String(hc.test ?? '');
}

function command(svc: Yaml): string[] | undefined {
  if (svc.command === undefined) return undefined;
  return Array.isArray(svc.command) ? (svc.command as string[]) : String(svc.command).split(/\s+/);
}

function parseEsdb(connection: string): EsdbConnection {
  const match = /^(esdb(?:\+discover)?):\/\/(?:([^:@/]+):([^@/]*)@)?([^/?]+)\/?(?:\?(.*))?$/.exec(connection);
  if (!match) throw new Error(`not an esdb connection string: ${connection}`);
  const [, scheme, username, password, hostList, query] = match;
  const hosts = hostList.split(',').map((h) => {
    const [host, port] = h.split(':');
    return { host, port: port === undefined ? 2113 : Number(port) };
  });
  return { scheme, username, password, hosts, params: Object.fromEntries(new URLSearchParams(query ?? '')) };
}

/** Every string compose interpolates: all values, block scalars included; YAML comments are not values. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isMap(value)) return Object.values(value).flatMap(strings);
  return [];
}

/** `name:tag` with a version number in the tag; `latest` and untagged images pull whatever is newest. */
function expectPinned(image: unknown): void {
  const ref = String(image);
  const tag = /^[^@]+:([^:/@]+)$/.exec(ref)?.[1];
  expect(tag).toBeDefined();
  expect(tag).not.toBe('latest');
  expect(tag).toMatch(/^v?\d+(\.\d+)*/);
}

function servicesWithImage(compose: Yaml, prefix: RegExp): string[] {
  return Object.entries(services(compose))
    .filter(([, svc]) => prefix.test(String(svc.image ?? '')))
    .map(([name]) => name);
}

const APP_IMAGE_SERVICE = (svc: Yaml): boolean => isMap(svc.build);
const API_MAIN = 'dist/apps/api/src/main.js';
const PROJECTOR_MAIN = 'dist/apps/projector/src/main.js';
const ESDB_IMAGE = /^(eventstore\/eventstore|docker\.kurrent\.io\/.+\/kurrentdb|kurrentplatform\/kurrentdb):/;

/** Checks both compose files share: every image pinned, every wait gated on a real health check. */
function describeCommonRules(file: string): void {
  describe(`${file}: common rules`, () => {
    const compose = loadCompose(file);
    const text = readText(file);

    it('pins every pulled image to a version tag', () => {
      for (const svc of Object.values(services(compose))) {
        if (svc.image !== undefined && !APP_IMAGE_SERVICE(svc)) expectPinned(svc.image);
      }
    });

    it('builds the app image from docker/Dockerfile with the repository root as context', () => {
      const built = Object.values(services(compose)).filter(APP_IMAGE_SERVICE);
      expect(built.length).toBeGreaterThan(0);
      for (const svc of built) {
        const build = svc.build as Yaml;
        const context = resolve(dockerDir, String(build.context));
        expect(context).toBe(root);
        expect(existsSync(join(context, String(build.dockerfile)))).toBe(true);
        expect(existsSync(join(context, `${String(build.dockerfile)}.dockerignore`))).toBe(true);
      }
    });

    it('waits only on services that exist, and only for health that a check reports', () => {
      for (const [name, svc] of Object.entries(services(compose))) {
        for (const [dep, condition] of Object.entries(dependsOn(svc))) {
          const target = services(compose)[dep];
          expect({ [name]: dep, exists: isMap(target) }).toEqual({ [name]: dep, exists: true });
          expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
          if (condition === 'service_healthy')
            expect({ [dep]: healthTest(target) }).not.toEqual({ [dep]: '' });
        }
      }
    });

    it('declares every named volume it mounts', () => {
      const declared = Object.keys((compose.volumes ?? {}) as Yaml);
      for (const svc of Object.values(services(compose))) {
        for (const v of volumes(svc)) {
          if (!v.source.startsWith('.') && !v.source.startsWith('/')) expect(declared).toContain(v.source);
        }
      }
    });

    it('publishes each host port once', () => {
      const published = Object.values(services(compose))
        .flatMap(ports)
        .map((p) => p.host)
        .filter((p): p is number => p !== undefined);
      expect(new Set(published).size).toBe(published.length);
    });

    it('gives every ${VAR} a default and escapes shell variables as $$', () => {
      for (const value of strings(compose)) {
        const bare = value.replace(/\$\$/g, '').match(/\$\{?[A-Za-z_]/g) ?? [];
        const withDefault = value.replace(/\$\$/g, '').match(/\$\{[A-Z0-9_]+:-[^}]+\}/g) ?? [];
        expect({ value, unresolved: bare.length - withDefault.length }).toEqual({ value, unresolved: 0 });
      }
    });

    it('runs the api by the image default and the projector by its own entry file', () => {
      const apps = Object.entries(services(compose)).filter(([, svc]) => APP_IMAGE_SERVICE(svc));
      const projectors = apps.filter(([, svc]) => command(svc)?.includes(PROJECTOR_MAIN));
      expect(projectors.map(([n]) => n)).toEqual(['projector']);
      for (const [, svc] of apps) {
        const cmd = command(svc);
        expect(
          cmd === undefined || cmd.join(' ') === `node ${API_MAIN}` || cmd.includes(PROJECTOR_MAIN),
        ).toBe(true);
      }
      // the image's HTTP check probes the api port, so the projector must disable or replace it
      const projector = service(compose, 'projector');
      expect(isMap(projector.healthcheck)).toBe(true);
      const disabled = (projector.healthcheck as Yaml).disable === true;
      expect(disabled || !/\/health\/live/.test(healthTest(projector))).toBe(true);
    });

    it('gives the api and the projector the same settings, INSTANSI 3374 and a JWT secret by default', () => {
      const apps = Object.values(services(compose)).filter(APP_IMAGE_SERVICE).map(environment);
      const { PORT: _first, ...reference } = apps[0];
      for (const env of apps) {
        expect(env.INSTANSI).toBe('3374');
        expect(env.JWT_SECRET?.length).toBeGreaterThanOrEqual(32);
        expect(['development', 'production']).toContain(env.NODE_ENV);
        const { PORT: _port, ...shared } = env;
        expect(shared).toEqual(reference);
      }
      expect(text).toMatch(/JWT_SECRET: \$\{JWT_SECRET:-/);
    });

    it('points REDIS_URL at the redis service, after it is healthy', () => {
      expectPinned(service(compose, 'redis').image);
      expect(String(service(compose, 'redis').image)).toMatch(/^redis:7(\.|-|$)/);
      expect(healthTest(service(compose, 'redis'))).toMatch(/redis-cli.*ping/);
      for (const svc of Object.values(services(compose)).filter(APP_IMAGE_SERVICE)) {
        const url = new URL(environment(svc).REDIS_URL);
        expect(url.protocol).toBe('redis:');
        expect(url.hostname).toBe('redis');
        expect(Number(url.port || 6379)).toBe(6379);
        expect(dependsOn(svc).redis).toBe('service_healthy');
      }
    });

    it('publishes the api on container port PORT', () => {
      const apis = Object.values(services(compose)).filter(
        (s) => APP_IMAGE_SERVICE(s) && command(s) === undefined,
      );
      expect(apis.length).toBeGreaterThan(0);
      for (const svc of apis) {
        const port = Number(environment(svc).PORT ?? 3000);
        expect(ports(svc).map((p) => p.container)).toContain(port);
      }
    });
  });
}

describeCommonRules('compose.yml');
describeCommonRules('compose.cluster.yml');

describe('compose.yml: development stack', () => {
  const compose = loadCompose('compose.yml');

  it('runs the api, the projector, one event store node and redis', () => {
    expect(Object.keys(services(compose)).sort()).toEqual(['api', 'eventstore', 'projector', 'redis']);
  });

  it('runs a single insecure EventStoreDB node on 2113 with its data in a named volume', () => {
    const es = service(compose, 'eventstore');
    expect(String(es.image)).toMatch(ESDB_IMAGE);
    const env = environment(es);
    expect(env.EVENTSTORE_INSECURE).toBe('true');
    expect(env.EVENTSTORE_CLUSTER_SIZE).toBe('1');
    expect(ports(es)).toContainEqual(expect.objectContaining({ host: 2113, container: 2113 }));
    const data = volumes(es).find((v) => v.target === '/var/lib/eventstore');
    expect(data).toBeDefined();
    expect(Object.keys(compose.volumes as Yaml)).toContain(data?.source);
  });

  it('reports the event store healthy through /health/live over plain HTTP', () => {
    expect(healthTest(service(compose, 'eventstore'))).toMatch(
      /http:\/\/(localhost|127\.0\.0\.1):2113\/health\/live/,
    );
  });

  it('keeps the insecure store and redis off the network: published on 127.0.0.1 only', () => {
    for (const name of ['eventstore', 'redis']) {
      for (const p of ports(service(compose, name))) expect(p.hostIp).toBe('127.0.0.1');
    }
  });

  it('connects the api and the projector to the eventstore service without TLS, after it is healthy', () => {
    for (const name of ['api', 'projector']) {
      const svc = service(compose, name);
      const esdb = parseEsdb(environment(svc).EVENTSTORE_CONNECTION_STRING);
      expect(esdb.scheme).toBe('esdb');
      expect(esdb.hosts).toEqual([{ host: 'eventstore', port: 2113 }]);
      expect(esdb.params.tls).toBe('false');
      expect(dependsOn(svc).eventstore).toBe('service_healthy');
    }
  });

  it('publishes the api on 3000 by default', () => {
    expect(ports(service(compose, 'api'))).toContainEqual(
      expect.objectContaining({ host: 3000, container: 3000 }),
    );
  });
});

describe('compose.cluster.yml: three-node cluster', () => {
  const compose = loadCompose('compose.cluster.yml');
  const nodes = servicesWithImage(compose, ESDB_IMAGE);
  const setup = service(compose, 'setup');
  const setupScript = (command(setup) ?? []).join('\n');
  const certsVolume = volumes(setup).find((v) => v.target === '/certs')?.source;

  it('runs three event store nodes, redis, two api copies and one projector', () => {
    expect(nodes).toEqual(['node1', 'node2', 'node3']);
    expect(Object.keys(services(compose)).sort()).toEqual(
      ['api1', 'api2', 'node1', 'node2', 'node3', 'projector', 'redis', 'setup'].sort(),
    );
  });

  it('generates the certificates with the official es-gencert-cli image into a named volume', () => {
    expect(String(setup.image)).toMatch(
      /^(docker\.eventstore\.com\/eventstore-utils\/|ghcr\.io\/)?eventstore\/es-gencert-cli:/,
    );
    expect(setupScript).toMatch(/es-gencert-cli create-ca -out \/certs\/ca\b/);
    expect(certsVolume).toBeDefined();
    expect(Object.keys(compose.volumes as Yaml)).toContain(certsVolume);
  });

  describe.each(['node1', 'node2', 'node3'])('%s', (name) => {
    const node = service(compose, name);
    const env = environment(node);
    const others = ['node1', 'node2', 'node3'].filter((n) => n !== name);

    it('is a secure member of a cluster of three that finds its peers through gossip seeds', () => {
      expect(env.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(env.EVENTSTORE_INSECURE ?? 'false').toBe('false');
      expect(env.EVENTSTORE_DISCOVER_VIA_DNS).toBe('false');
      const seeds = env.EVENTSTORE_GOSSIP_SEED.split(',').map((s) => s.trim());
      expect(seeds.sort()).toEqual(others.map((o) => `${o}:2113`));
    });

    it('advertises its own name, which its certificate holds', () => {
      expect(env.EVENTSTORE_NODE_HOST_ADVERTISE_AS).toBe(name);
      expect(env.EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS).toBe(name);
      const createNode = new RegExp(`create-node .*-out /certs/${name} .*-dns-names ([^\\s]+)`).exec(
        setupScript,
      );
      expect(createNode?.[1].split(',')).toContain(name);
    });

    it('reads its certificate, key and trusted CA from the volume setup wrote', () => {
      expect(env.EVENTSTORE_CERTIFICATE_FILE).toBe(`/certs/${name}/node.crt`);
      expect(env.EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE).toBe(`/certs/${name}/node.key`);
      expect(env.EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH).toBe('/certs/ca');
      expect(volumes(node)).toContainEqual({ source: certsVolume, target: '/certs', readOnly: true });
    });

    it('starts after the certificates exist and keeps its data in its own volume', () => {
      expect(dependsOn(node).setup).toBe('service_completed_successfully');
      const data = volumes(node).find((v) => v.target === '/var/lib/eventstore');
      expect(data?.source).toBe(`${name}-data`);
    });

    it('reports healthy through /health/live over TLS, verified against the generated CA', () => {
      expect(healthTest(node)).toMatch(
        /--cacert \/certs\/ca\/ca\.crt https:\/\/localhost:2113\/health\/live/,
      );
    });
  });

  describe.each(['api1', 'api2', 'projector'])('%s', (name) => {
    const svc = service(compose, name);
    const esdb = parseEsdb(environment(svc).EVENTSTORE_CONNECTION_STRING);

    it('connects over TLS to all three nodes, after each is healthy', () => {
      expect(esdb.scheme).toBe('esdb');
      expect(esdb.hosts).toEqual(nodes.map((host) => ({ host, port: 2113 })));
      expect(esdb.params.tls).toBe('true');
      for (const node of nodes) expect(dependsOn(svc)[node]).toBe('service_healthy');
    });

    it('trusts the generated CA through a file that setup copies into a volume it mounts', () => {
      const caFile = esdb.params.tlsCAFile;
      const mount = volumes(svc).find((v) => caFile.startsWith(`${v.target}/`));
      expect(mount).toBeDefined();
      expect(mount?.readOnly).toBe(true);
      const setupMount = volumes(setup).find((v) => v.source === mount?.source);
      expect(setupMount).toBeDefined();
      const fileInSetup = `${setupMount?.target}${caFile.slice(String(mount?.target).length)}`;
      expect(setupScript.split('\n')).toContainEqual(
        expect.stringMatching(new RegExp(`^\\s*cp \\S+ ${fileInSetup}$`)),
      );
      // node keys stay with the nodes
      expect(volumes(svc).map((v) => v.source)).not.toContain(certsVolume);
    });

    it('logs in as the admin whose password the nodes start with', () => {
      const nodePassword = environment(service(compose, 'node1')).EVENTSTORE_DEFAULT_ADMIN_PASSWORD;
      expect(esdb.username).toBe('admin');
      expect(esdb.password).toBe(nodePassword ?? 'changeit');
    });
  });

  it('publishes the two api copies on different host ports', () => {
    const hostPorts = ['api1', 'api2'].map((n) => ports(service(compose, n))[0]?.host);
    expect(hostPorts).toEqual([3001, 3002]);
  });
});

describe('Dockerfile', () => {
  interface Instruction {
    keyword: string;
    args: string;
  }

  const source = readText('Dockerfile');
  const instructions: Instruction[] = source
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const froms = instructions.filter((i) => i.keyword === 'FROM');
  const finalStart = instructions.lastIndexOf(froms[froms.length - 1]);
  const finalStage = instructions.slice(finalStart);
  const buildStage = instructions.slice(0, finalStart);
  const runs = (stage: Instruction[]): string =>
    stage
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join('\n');
  const execForm = (args: string): string[] => JSON.parse(args.slice(args.indexOf('['))) as string[];

  it('builds in one stage and runs in another, both on pinned node 20 images', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = from.args.split(/\s+/)[0];
      expectPinned(image);
      expect(image).toMatch(/^node:20[.-]/);
    }
  });

  it('installs the native toolchain, builds with npm ci and npm run build, then drops dev dependencies', () => {
    const build = runs(buildStage);
    expect(build).toMatch(/apt-get install[^\n]*\bpython3\b/);
    expect(build).toMatch(/apt-get install[^\n]*\bmake\b/);
    expect(build).toMatch(/apt-get install[^\n]*\bg\+\+/);
    expect(build).toMatch(/npm ci/);
    expect(build).toMatch(/npm run build/);
    expect(build).toMatch(/npm prune --omit=dev/);
    expect(runs(finalStage)).not.toMatch(/npm (ci|install)/);
  });

  it('copies only the build output, production node_modules and package.json into the runtime', () => {
    const copied = finalStage
      .filter((i) => i.keyword === 'COPY')
      .map((i) => {
        expect(i.args).toMatch(/--from=/);
        return i.args.split(/\s+/).filter((a) => !a.startsWith('--'))[0];
      });
    expect(copied.sort()).toEqual(['/app/dist', '/app/node_modules', '/app/package.json']);
  });

  it('runs as a non-root user', () => {
    const users = finalStage.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
    const userAt = finalStage.findIndex((i) => i.keyword === 'USER');
    expect(userAt).toBeLessThan(finalStage.findIndex((i) => i.keyword === 'CMD'));
  });

  it('keeps the embedded store in the /data volume', () => {
    const env = finalStage.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    expect(env.join(' ')).toMatch(/\bDATA_DIR=\/data\b/);
    expect(finalStage.filter((i) => i.keyword === 'VOLUME').map((i) => i.args)).toContainEqual(
      expect.stringMatching(/\/data\b/),
    );
  });

  it('checks /health/live on the api port', () => {
    const check = finalStage.find((i) => i.keyword === 'HEALTHCHECK');
    expect(check?.args).toMatch(/\bCMD\b/);
    expect(check?.args).toMatch(/127\.0\.0\.1:.*(3000|PORT)/);
    expect(check?.args).toMatch(/\/health\/live/);
  });

  it('starts the api by default, from where tsc puts apps/api/src/main.ts', () => {
    const cmd = finalStage.filter((i) => i.keyword === 'CMD').pop();
    // node, its V8 flags (the young generation size npm start uses too), then the entry file.
    const args = execForm(cmd?.args ?? '');
    expect(args[0]).toBe('node');
    expect(args.slice(1, -1).every((flag) => flag.startsWith('--'))).toBe(true);
    expect(args.at(-1)).toBe(API_MAIN);
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as Yaml;
    const options = tsconfig.compilerOptions as Yaml;
    expect(resolve(root, String(options.outDir))).toBe(join(root, 'dist'));
    expect(options.rootDir === undefined || resolve(root, String(options.rootDir)) === root).toBe(true);
  });

  it('sends the files the build copies, and not node_modules, dist, .git or .env', () => {
    const patterns = readText('Dockerfile.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const toRegExp = (p: string): RegExp =>
      new RegExp(
        `^${p
          .split('**/')
          .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('(.*/)?')}(/.*)?$`,
      );
    const ignored = (path: string): boolean =>
      patterns.some((p) => !p.startsWith('!') && toRegExp(p).test(path));
    for (const path of ['node_modules', 'dist', '.git', '.env', 'libs/domain/node_modules']) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    }
    const copiedFromContext = buildStage
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copiedFromContext.length).toBeGreaterThan(0);
    for (const path of copiedFromContext) {
      expect({ path, exists: existsSync(join(root, path)), ignored: ignored(path) }).toEqual({
        path,
        exists: true,
        ignored: false,
      });
    }
  });
});
