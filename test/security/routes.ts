import type { Role } from '@asn/testing';

/** A route of API.md with the roles allowed on it (`public`: no token at all). */
export interface RouteRule {
  group: 'commands' | 'queries' | 'audit' | 'admin' | 'live' | 'operations';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** As OpenAPI writes it, e.g. `/api/v1/employees/{nip}/appoint`. */
  template: string;
  allowed: Role[] | 'public';
}

export const NIP = '198503152010011001';
const ALL: Role[] = ['viewer', 'hr-admin', 'auditor'];

const command = (method: RouteRule['method'], template: string): RouteRule => ({
  group: 'commands',
  method,
  template: `/api/v1${template}`,
  allowed: ['hr-admin'],
});
const query = (template: string): RouteRule => ({
  group: 'queries',
  method: 'GET',
  template: `/api/v1${template}`,
  allowed: ALL,
});
const audit = (template: string): RouteRule => ({
  group: 'audit',
  method: 'GET',
  template: `/api/v1${template}`,
  allowed: ['auditor'],
});

/** Every route of API.md and who may call it ("Auth", and the role in each section's heading). */
export const ROUTES: RouteRule[] = [
  command('POST', '/units'),
  command('PATCH', '/units/{id}'),
  command('POST', '/units/{id}/dissolve'),
  command('POST', '/positions'),
  command('PATCH', '/positions/{id}'),
  command('POST', '/positions/{id}/abolish'),
  command('POST', '/employees'),
  command('POST', '/employees/{nip}/promotions'),
  command('POST', '/employees/{nip}/absences'),
  command('POST', '/employees/{nip}/discipline'),
  command('POST', '/employees/{nip}/separation'),
  command('POST', '/decrees'),
  command('POST', '/employees/{nip}/appoint'),
  command('POST', '/employees/{nip}/reassign'),
  command('POST', '/employees/{nip}/acting'),
  command('POST', '/employees/{nip}/redeploy'),
  command('POST', '/decrees/{id}/annul'),
  command('POST', '/employees/{nip}/trainings'),
  command('PUT', '/employees/{nip}/work-arrangement'),
  query('/decrees/{id}'),
  query('/units/{id}/roster'),
  query('/positions/{id}'),
  query('/employees/{nip}'),
  query('/employees'),
  query('/dashboard/summary'),
  query('/reports/{name}'),
  { group: 'live', method: 'GET', template: '/api/v1/events/live', allowed: ALL },
  audit('/audit/employees/{nip}/history'),
  audit('/audit/positions/{id}/history'),
  audit('/audit/units/{id}/history'),
  audit('/audit/units/{id}/roster'),
  audit('/audit/events'),
  audit('/audit/verify'),
  audit('/audit/export'),
  { group: 'admin', method: 'GET', template: '/api/v1/admin/projections', allowed: ['hr-admin'] },
  { group: 'admin', method: 'POST', template: '/api/v1/admin/projections/rebuild', allowed: ['hr-admin'] },
  { group: 'operations', method: 'GET', template: '/health/live', allowed: 'public' },
  { group: 'operations', method: 'GET', template: '/health/ready', allowed: 'public' },
  { group: 'operations', method: 'GET', template: '/metrics', allowed: 'public' },
];

/** Reports of `GET /reports/{name}` (each is checked, not only one). */
export const REPORTS = ['vacancies', 'acting-expiring', 'competency-gaps', 'retiring', 'jp'];

/** A concrete path for a template (ids that exist or not: the checks here are about who may ask). */
export function concrete(template: string, report = 'vacancies'): string {
  return template
    .replace('{nip}', NIP)
    .replace('{name}', report)
    .replace(/\{id\}/g, 'dinkes');
}

/** The routes to request: one per rule, and one per report. */
export function requests(): { rule: RouteRule; path: string }[] {
  return ROUTES.flatMap((rule) =>
    rule.template.includes('{name}')
      ? REPORTS.map((name) => ({ rule, path: concrete(rule.template, name) }))
      : [{ rule, path: concrete(rule.template) }],
  );
}
