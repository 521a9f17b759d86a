import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@crescent/persistence';

export const ROLES_KEY = 'crescent:roles';

/**
 * The roles allowed to call a handler or controller. Unmarked: any valid key (`viewer` or
 * `admin`). `admin` is for key management, and any future write endpoint.
 */
export const Roles = (...roles: ApiKeyRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);
