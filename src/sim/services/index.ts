/**
 * The services the simulator speaks: each one's wire protocol, its handlers, and the error codes the real
 * service uses for the failures the server itself produces (unknown key, expired session, throttling, …).
 */
import type { ServiceHandlers, SimServiceName } from '../core/handler.js';
import { cloudFormationHandlers } from './cloudformation.js';
import { configHandlers } from './config.js';
import { iamHandlers } from './iam.js';
import { organizationsHandlers } from './organizations.js';
import { stsHandlers } from './sts.js';

/** Wire error codes (and HTTP statuses) for the errors the server raises before a handler runs. */
export interface ServiceErrorCodes {
  invalidToken: string;
  expiredToken: string;
  accessDenied: string;
  throttling: string;
  unknownAction: string;
}

interface ServiceSpecBase {
  name: SimServiceName;
  handlers: ServiceHandlers;
  errors: ServiceErrorCodes;
}

export interface QueryServiceSpec extends ServiceSpecBase {
  protocol: 'query';
  /** The XML namespace of responses. */
  xmlns: string;
}

export interface JsonServiceSpec extends ServiceSpecBase {
  protocol: 'json';
  /** `X-Amz-Target` prefix, e.g. `AWSOrganizationsV20161128`. */
  targetPrefix: string;
}

export type ServiceSpec = QueryServiceSpec | JsonServiceSpec;

const QUERY_ERRORS: ServiceErrorCodes = {
  invalidToken: 'InvalidClientTokenId',
  expiredToken: 'ExpiredToken',
  accessDenied: 'AccessDenied',
  throttling: 'Throttling',
  unknownAction: 'InvalidAction',
};

const JSON_ERRORS: Omit<ServiceErrorCodes, 'throttling'> = {
  invalidToken: 'UnrecognizedClientException',
  expiredToken: 'ExpiredTokenException',
  accessDenied: 'AccessDeniedException',
  unknownAction: 'UnknownOperationException',
};

/** Every service the server routes to, by its SigV4 signing name. */
export const SERVICES: ReadonlyMap<string, ServiceSpec> = new Map<string, ServiceSpec>([
  [
    'sts',
    {
      name: 'sts',
      protocol: 'query',
      xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
      handlers: stsHandlers,
      // STS models its expired-token error as ExpiredTokenException (the SDK maps that code to its class).
      errors: { ...QUERY_ERRORS, expiredToken: 'ExpiredTokenException' },
    },
  ],
  [
    'cloudformation',
    {
      name: 'cloudformation',
      protocol: 'query',
      xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
      handlers: cloudFormationHandlers,
      errors: QUERY_ERRORS,
    },
  ],
  [
    'iam',
    {
      name: 'iam',
      protocol: 'query',
      xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
      handlers: iamHandlers,
      errors: QUERY_ERRORS,
    },
  ],
  [
    'organizations',
    {
      name: 'organizations',
      protocol: 'json',
      targetPrefix: 'AWSOrganizationsV20161128',
      handlers: organizationsHandlers,
      errors: { ...JSON_ERRORS, throttling: 'TooManyRequestsException' },
    },
  ],
  [
    'config',
    {
      name: 'config',
      protocol: 'json',
      targetPrefix: 'StarlingDoveService',
      handlers: configHandlers,
      errors: { ...JSON_ERRORS, throttling: 'ThrottlingException' },
    },
  ],
]);
