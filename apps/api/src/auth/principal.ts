import type { Role } from './roles.decorator';

/** Who sent the request, from the verified token: `sub` is recorded as the actor of every event. */
export interface Principal {
  sub: string;
  roles: Role[];
}

/** The request field the auth guard fills. */
export const PRINCIPAL_FIELD = 'principal';

export type RequestWithPrincipal = {
  [PRINCIPAL_FIELD]?: Principal;
  headers: Record<string, string | string[] | undefined>;
};
