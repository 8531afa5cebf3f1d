import fc from 'fast-check';
import { Endpoint, ENDPOINTS, Field, FieldKind, QUERIES, WORLD } from './endpoints';

/** What the api must answer to a fuzzed request. */
export type Expectation =
  /** 400 VALIDATION_FAILED whose violations name this field. */
  | { field: string }
  /** One of these statuses. */
  | { status: number[] }
  /** Any 4xx (the input is wrong; which rule catches it is the api's choice). */
  | { clientError: true }
  /** A well-formed request: anything but a 5xx. */
  | { wellFormed: true };

export interface FuzzCase {
  endpoint: string;
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  expect: Expectation;
}

type Body = Record<string, unknown>;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const dotted = (path: (string | number)[]) => path.join('.');

function setAt(body: Body, path: (string | number)[], value: unknown, remove = false): Body {
  const copy = clone(body);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Strings that are not a real YYYY-MM-DD: impossible days (2023-02-30), bad months, other formats. */
const badDate: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '2023-02-30',
    '2023-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-1-5',
    '05-01-2024',
  ),
  fc.constantFrom(
    '2024/01/05',
    '20240105',
    '',
    ' 2024-01-05',
    '2024-01-05T00:00:00Z',
    'yesterday',
    '２０２４-01-05',
  ),
  fc
    .record({
      y: fc.integer({ min: 1900, max: 2100 }),
      m: fc.integer({ min: 1, max: 12 }),
      extra: fc.integer({ min: 1, max: 9 }),
    })
    .map(({ y, m, extra }) => `${y}-${pad(m)}-${pad(Math.min(daysIn(y, m) + extra, 99))}`),
  fc.integer({ min: 1900, max: 2100 }).map((y) => `${y}-${pad(13 + (y % 80))}-01`),
);

/** Not 18 ASCII digits: too short or long, letters, spaces, signs, full-width digits. */
const badNip: fc.Arbitrary<unknown> = fc.oneof(
  fc.stringMatching(/^\d{1,17}$/),
  fc.stringMatching(/^\d{19,30}$/),
  fc.stringMatching(/^\d{9}[A-Za-z ./-]\d{8}$/),
  fc.constantFrom(
    ' 198503152010011001',
    '198503152010011001 ',
    '-98503152010011001',
    '１９８５０３１５２０１００１１００１',
  ),
  fc.constantFrom('19850315 2010011001', '1985-03-15-2010-01-1-001', '0x1985031520100110'),
);

/** Ids a path or a key must never accept: traversal, separators, markup, control characters, over 128. */
const badId: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '../etc/passwd',
    '..',
    '.env',
    '..\\..\\windows',
    'a b',
    '',
    'a/b',
    '<script>',
    'a\u0000b',
    'ü',
  ),
  fc.integer({ min: 129, max: 400 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('%2e%2e%2fetc', '${jndi:ldap://x}', "x' OR '1'='1", 'a\nb', 'a;rm -rf'),
);

function badEnum(values: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...values).map((v) => v.toLowerCase()),
    fc.constantFrom(...values).map((v) => `${v} `),
    fc.string({ maxLength: 20 }).filter((s) => !values.includes(s)),
  );
}

const overlong = (max: number) =>
  fc
    .record({
      n: fc.integer({ min: max + 1, max: max + 20_000 }),
      c: fc.constantFrom('x', 'é', '9', ' ', '字'),
    })
    .map(({ n, c }) => c.repeat(n));

/** Values of the wrong JSON type for a field of this kind. */
function wrongType(type: FieldKind): fc.Arbitrary<unknown> {
  const notString = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.double({ noNaN: true }),
  );
  switch (type.kind) {
    case 'count':
    case 'number':
      return fc.oneof(
        fc.constantFrom('5', 'many', '', '1e3'),
        fc.boolean(),
        fc.constant({}),
        fc.constant([3]),
      );
    case 'bool':
      return fc.oneof(fc.constantFrom('true', 'yes', 1, 0), fc.constant({}));
    case 'strings':
    case 'enums':
      return fc.oneof(fc.constantFrom('PKA', 'MON', 3, true), fc.constant({ 0: 'x' }));
    case 'decree':
    case 'lines':
      return fc.oneof(
        fc.constantFrom('SK 800/1/2025', 42, true),
        type.kind === 'decree' ? fc.constant([]) : fc.constant({}),
      );
    default:
      return notString;
  }
}

/** Values of the right type that break the field's format or bounds (400 naming the field). */
function badValue(type: FieldKind): fc.Arbitrary<unknown> | undefined {
  switch (type.kind) {
    case 'id':
      return badId;
    case 'string':
      return overlong(type.max);
    case 'date':
      return badDate;
    case 'nip':
      return badNip;
    case 'enum':
      return badEnum(type.values);
    case 'count':
      return fc.integer({ min: -1_000_000, max: -1 });
    case 'strings':
      return fc.oneof(
        fc.constant(['']),
        fc.constant(Array.from({ length: 101 }, (_, i) => `T${i}`)),
        fc.constant([7]),
      );
    case 'enums':
      return fc.oneof(fc.constant(['SAT']), fc.constant(['mon']), fc.constant([1]));
    case 'lines':
      return fc.oneof(
        fc.constant([]),
        fc.constant([{}]),
        fc.constant([{ type: 'FIRE', nip: WORLD.nips[0] }]),
      );
    default:
      return undefined;
  }
}

/** Values a domain rule or a bound should refuse (any 4xx), never store: absurd counts, junk in lists. */
function suspicious(type: FieldKind): fc.Arbitrary<unknown> | undefined {
  switch (type.kind) {
    case 'count':
      // Kebutuhan may be a fractional FTE (DOMAIN.md), so only absurd sizes are out of range.
      return fc.oneof(fc.constantFrom(2 ** 53 + 2, 1e300), fc.double({ min: 100_001, max: 1e12 }));
    case 'number':
      return fc.constantFrom(-5, 1e300, -0.5, 2 ** 60);
    case 'strings':
      return fc.oneof(
        overlong(300).map((s) => [s]),
        fc.constant(Array.from({ length: 100 }, () => 'x'.repeat(5000))),
      );
    default:
      return undefined;
  }
}

const pathValue = (endpoint: Endpoint) =>
  endpoint.path.includes('{nip}') ? 'nip' : endpoint.path.includes('{id}') ? 'id' : null;

function url(endpoint: Endpoint, param?: string): string {
  const nip = WORLD.nips[1];
  const id = endpoint.path.startsWith('/decrees')
    ? WORLD.decreeId
    : endpoint.path.startsWith('/units')
      ? WORLD.unitId
      : WORLD.pelaksana;
  const value = param ?? (pathValue(endpoint) === 'nip' ? nip : id);
  return `/api/v1${endpoint.path.replace('{nip}', value).replace('{id}', value)}`;
}

function base(
  endpoint: Endpoint,
  label: string,
  body: unknown,
  expect: Expectation,
  urlOverride?: string,
): FuzzCase {
  return {
    endpoint: endpoint.name,
    label,
    method: endpoint.method,
    url: urlOverride ?? url(endpoint),
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
    expect,
  };
}

const unknownKey = (endpoint: Endpoint) =>
  fc
    .stringMatching(/^[a-z][A-Za-z0-9_]{0,20}$/)
    .filter(
      (k) => !endpoint.fields.some((f) => f.path[f.path.length - 1] === k) && k !== 'type' && k !== 'nip',
    );

function fieldCase(endpoint: Endpoint, field: Field): fc.Arbitrary<FuzzCase> {
  const name = dotted(field.path);
  const options: fc.Arbitrary<FuzzCase>[] = [
    wrongType(field.type).map((v) =>
      base(endpoint, `${name}: wrong type`, setAt(endpoint.valid(), field.path, v), { field: name }),
    ),
  ];
  const bad = badValue(field.type);
  if (bad)
    options.push(
      bad.map((v) =>
        base(endpoint, `${name}: bad ${field.type.kind}`, setAt(endpoint.valid(), field.path, v), {
          field: name,
        }),
      ),
    );
  const odd = suspicious(field.type);
  if (odd)
    options.push(
      odd.map((v) =>
        base(endpoint, `${name}: out of range`, setAt(endpoint.valid(), field.path, v), {
          clientError: true,
        }),
      ),
    );
  if (field.required)
    options.push(
      fc.constant(null).map(() =>
        base(endpoint, `${name}: missing`, setAt(endpoint.valid(), field.path, undefined, true), {
          field: name,
        }),
      ),
    );
  return fc.oneof(...options);
}

function endpointCase(endpoint: Endpoint): fc.Arbitrary<FuzzCase> {
  const param = pathValue(endpoint);
  const options: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [
    {
      weight: 12,
      arbitrary: fc.constantFrom(...endpoint.fields).chain((field) => fieldCase(endpoint, field)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(unknownKey(endpoint), fc.jsonValue({ maxDepth: 2 }), fc.boolean())
        .map(([key, value, nested]) => {
          const hasDecree = endpoint.fields.some((f) => f.path[0] === 'decree');
          const path = nested && hasDecree ? ['decree', key] : [key];
          return base(endpoint, 'unknown field', setAt(endpoint.valid(), path, value ?? 1), {
            field: dotted(path),
          });
        }),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 60 }).map((cut) => {
        const text = JSON.stringify(endpoint.valid());
        const c = base(endpoint, 'malformed JSON', {}, { status: [400] });
        c.payload = text.slice(0, Math.max(1, text.length - cut));
        return c;
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => base(endpoint, 'random JSON', v, { clientError: true })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{"__proto__":{"roles":["hr-admin"]}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '[]',
          'null',
          '0',
          '"x"',
          '{}',
        )
        .map((payload) => ({ ...base(endpoint, 'hostile JSON', {}, { clientError: true }), payload })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 129, max: 2000 }).map((n) => ({
        ...base(endpoint, 'Idempotency-Key over 128', endpoint.valid(), { field: 'Idempotency-Key' }),
        headers: { 'content-type': 'application/json', 'idempotency-key': 'k'.repeat(n) },
      })),
    },
    {
      weight: 2,
      arbitrary: fc.constant(null).map(() => base(endpoint, 'valid', endpoint.valid(), { wellFormed: true })),
    },
  ];
  if (param === 'nip')
    options.push({
      weight: 2,
      arbitrary: badNip.map((v) =>
        base(
          endpoint,
          'path nip',
          endpoint.valid(),
          { field: 'nip' },
          url(endpoint, encodeURIComponent(String(v))),
        ),
      ),
    });
  if (param === 'id')
    options.push({
      weight: 2,
      arbitrary: fc
        .oneof(
          badId.map((v) => encodeURIComponent(String(v))),
          fc.constantFrom(
            '..%2F..%2Fetc%2Fpasswd',
            '%2e%2e',
            '..%5C..%5Cboot.ini',
            '%252e%252e%252f',
            'a%00b',
          ),
        )
        .filter((v) => v !== '')
        .map((v) =>
          base(endpoint, 'path id traversal', endpoint.valid(), { status: [400, 404] }, url(endpoint, v)),
        ),
    });
  return fc.oneof(...options);
}

/** A decree of 1,001 lines: 413, nothing written (rare: a big body). */
export function hugeDecree(): FuzzCase {
  const decreeEndpoint = ENDPOINTS.find((e) => e.name === 'IssueDecree') as Endpoint;
  const line = {
    type: 'APPOINT',
    nip: WORLD.nips[0],
    positionId: WORLD.pelaksana,
    effectiveDate: '2025-01-06',
  };
  return base(
    decreeEndpoint,
    'decree of 1,001 lines',
    { ...decreeEndpoint.valid(), lines: Array(1001).fill(line) },
    { status: [413] },
  );
}

export const commandCase: fc.Arbitrary<FuzzCase> = fc.oneof(...ENDPOINTS.map(endpointCase));

const junkParam = fc.oneof(
  badDate,
  badId,
  fc.constantFrom(
    '-1',
    '0',
    '99999999999999999999999',
    '1e3',
    'NaN',
    '1.5',
    '[]',
    '{"a":1}',
    '%00',
    '../../',
    'csv;rm',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 0, max: 5000 }).map(String),
);

/** GET requests with junk in the path and the query string: 4xx or 200, never 5xx. */
export const queryCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.constantFrom(...QUERIES),
    fc.oneof(
      fc.constantFrom(WORLD.unitId, WORLD.pelaksana, WORLD.nips[0], 'vacancies'),
      junkParam.map(String),
    ),
    fc.array(fc.tuple(fc.string({ maxLength: 8 }), junkParam.map(String)), { maxLength: 3 }),
  )
  .map(([query, pathJunk, extra]) => {
    const params = new URLSearchParams();
    for (const p of query.params) params.set(p, '');
    for (const [i, [k, v]] of extra.entries()) params.set(query.params[i] ?? k, v);
    const path = query.path.replace(/\{(nip|id)\}/, encodeURIComponent(pathJunk) || 'x');
    return {
      endpoint: `GET ${query.path}`,
      label: 'junk query',
      method: 'GET',
      url: `/api/v1${path}?${params.toString()}`,
      headers: { 'x-role': query.role },
      expect: { wellFormed: true },
    } satisfies FuzzCase;
  });
