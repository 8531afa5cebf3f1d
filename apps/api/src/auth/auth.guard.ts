import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../errors/problem';
import { JwtVerifier } from './jwt-verifier';
import { PRINCIPAL_FIELD, RequestWithPrincipal } from './principal';
import { PUBLIC_KEY, Role, ROLES_KEY } from './roles.decorator';

/** Global guard: 401 without a valid bearer token, 403 when none of the route's `@Roles` is in the token. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer\s+\S+$/i.test(header)) {
      throw new ProblemException('UNAUTHENTICATED', 'send Authorization: Bearer <JWT>');
    }
    const principal = await this.verifier.verify(header.slice(7).trim());
    request[PRINCIPAL_FIELD] = principal;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !required.some((role) => principal.roles.includes(role))) {
      throw new ProblemException(
        'FORBIDDEN',
        `this needs one of the roles ${required.join(', ')}; the token has ${principal.roles.join(', ') || 'none'}`,
      );
    }
    return true;
  }
}
