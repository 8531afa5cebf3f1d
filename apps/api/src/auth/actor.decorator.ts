import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal, PRINCIPAL_FIELD, RequestWithPrincipal } from './principal';

/** The token's `sub` (the actor recorded on events): `handle(@Actor() actor: string)`. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
  return request[PRINCIPAL_FIELD]?.sub ?? 'anonymous';
});

/** The whole verified principal `{ sub, roles }`. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => {
    return ctx.switchToHttp().getRequest<RequestWithPrincipal>()[PRINCIPAL_FIELD];
  },
);
