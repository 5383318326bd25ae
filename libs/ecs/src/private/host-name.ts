import { ConstructValidationError } from '@platform/core';
import { IConstruct } from 'constructs';

const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** Throws unless `name` is a lower-case DNS host name with at least two labels (no scheme, port, path or wildcard). */
export function requireHostName(scope: IConstruct, field: string, name: string): void {
  ConstructValidationError.require(
    scope,
    HOST_NAME.test(name) && name.length <= 253,
    field,
    `'${name}' is not a lower-case DNS host name`,
    'give the host name clients use, e.g. api.example.com (no scheme, port, path or wildcard)',
  );
}
