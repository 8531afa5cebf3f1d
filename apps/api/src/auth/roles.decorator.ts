import { SetMetadata } from '@nestjs/common';

export const ROLES = ['hr-admin', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'asn:roles';
export const PUBLIC_KEY = 'asn:public';

/**
 * The roles allowed on a route or controller (any one suffices), e.g. `@Roles('viewer', 'hr-admin', 'auditor')`.
 * A route without `@Roles` needs a valid token and any role; `@Public()` needs no token.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed (health probes). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
