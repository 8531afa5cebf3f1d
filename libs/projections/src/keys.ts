/**
 * Redis key layout of the read models. Every key of an instansi carries the hash tag `{<instansi>}`, so one
 * batch and its checkpoint live in one slot (MULTI/Lua stays legal on Redis Cluster). Data keys are versioned
 * (`rm:v<N>:`) so a rebuild writes beside the live version and an alias flip switches readers over.
 */
export interface ReadModelKeys {
  readonly instansi: string;
  readonly version: number;
  /** Prefix of every data key of this version, for dropping it. */
  readonly prefix: string;
  readonly meta: string;
  /** Hash: the unit record, and one field per child unit (`c:`), position (`p:`), employee redeployed in (`r:`). */
  readonly unit: (id: string) => string;
  readonly roots: string;
  /** Hash: the position record, its dated requirements, and one field per employee ever placed (`n:`) and acting (`x:`). */
  readonly position: (id: string) => string;
  /**
   * Sorted set: the employees who hold or held the position, each scored by the end of their last interval
   * there (YYYYMMDD, +inf while open). A roster on a date reads only the members scored after it.
   */
  readonly holders: (id: string) => string;
  /** Hash positionId -> kind and level (what an employee's other posts are needed for: the retirement age). */
  readonly positionKinds: string;
  /** Hash: the employee record and every staffing fact about them (placements, acting, rank, ...). */
  readonly employee: (nip: string) => string;
  /** Hash: the employee's development facts (trainings, work arrangements), read only by the queries that show them. */
  readonly employeeDevelopment: (nip: string) => string;
  /** Sorted set (score 0) of every NIP, for paging in NIP order. */
  readonly employees: string;
  /** Hash NIP -> name, for searching. */
  readonly names: string;
  readonly acting: (id: string) => string;
  readonly decree: (id: string) => string;
  /** Hash decreeId -> decree number (rosters show each holder's decree). */
  readonly decreeNumbers: string;
  /** Hash decreeId -> annulment. */
  readonly annulled: string;
  /**
   * Hash: entity key (unit, position, employee, acting; without the version prefix) -> position of the last
   * event that wrote it. Queries keep what they parsed and read again only the entities whose stamp moved.
   */
  readonly stamps: string;
  /** Whether `key` is an entity key that carries a stamp. */
  readonly stamped: (key: string) => boolean;
}

/** Keys shared by every version: the alias (which version readers use), the lease, the change channel. */
export interface ControlKeys {
  readonly alias: string;
  readonly lease: string;
  readonly rebuildRequest: string;
  readonly changes: string;
  readonly versionPrefix: (version: number) => string;
}

export function controlKeys(instansi: string): ControlKeys {
  const tag = `{${instansi}}`;
  return {
    alias: `rm:${tag}:current`,
    lease: `rm:${tag}:lease`,
    rebuildRequest: `rm:${tag}:rebuild-requested`,
    changes: `rm:${tag}:changes`,
    versionPrefix: (version) => `rm:v${version}:${tag}:`,
  };
}

export function readModelKeys(instansi: string, version: number): ReadModelKeys {
  const p = controlKeys(instansi).versionPrefix(version);
  return {
    instansi,
    version,
    prefix: p,
    meta: `${p}meta`,
    unit: (id) => `${p}u:${id}`,
    roots: `${p}roots`,
    position: (id) => `${p}p:${id}`,
    holders: (id) => `${p}ph:${id}`,
    positionKinds: `${p}pk`,
    employee: (nip) => `${p}e:${nip}`,
    employeeDevelopment: (nip) => `${p}ed:${nip}`,
    employees: `${p}emps`,
    names: `${p}names`,
    acting: (id) => `${p}ac:${id}`,
    decree: (id) => `${p}d:${id}`,
    decreeNumbers: `${p}dn`,
    annulled: `${p}annulled`,
    stamps: `${p}stamps`,
    stamped: (key) =>
      key.startsWith(p) &&
      (key.startsWith('e:', p.length) ||
        key.startsWith('p:', p.length) ||
        key.startsWith('u:', p.length) ||
        key.startsWith('ac:', p.length)),
  };
}
