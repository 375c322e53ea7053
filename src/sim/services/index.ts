/**
 * The services the simulator speaks: each one's wire protocol, its handlers, and the error codes the real
 * service uses for the failures the server itself produces (unknown key, expired session, throttling, …).
 */
import type { ServiceHandlers, SimServiceName } from '../core/handler.js';
import { cloudFormationHandlers } from './cloudformation.js';
import { configHandlers } from './config.js';
import { ec2Handlers } from './ec2.js';
import { iamHandlers } from './iam.js';
import { iamUserHandlers } from './iam-users.js';
import { logsHandlers } from './logs.js';
import { organizationsHandlers } from './organizations.js';
import { ssmHandlers } from './ssm.js';
import { stsHandlers } from './sts.js';
import {
  ec2InvalidInput,
  jsonInvalidInput,
  logsInvalidInput,
  organizationsInvalidInput,
  queryInvalidInput,
  type InvalidInputAnswer,
} from './validation-errors.js';

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
  /** The error a request that fails the model's input validation gets. */
  invalidInput: InvalidInputAnswer;
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

/** EC2's own query flavour (core/protocol-ec2.ts). */
export interface Ec2ServiceSpec extends ServiceSpecBase {
  protocol: 'ec2';
  xmlns: string;
}

export type ServiceSpec = QueryServiceSpec | JsonServiceSpec | Ec2ServiceSpec;

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
      invalidInput: queryInvalidInput,
      protocol: 'query',
      xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
      handlers: stsHandlers,
      errors: QUERY_ERRORS,
    },
  ],
  [
    'cloudformation',
    {
      name: 'cloudformation',
      invalidInput: queryInvalidInput,
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
      invalidInput: queryInvalidInput,
      protocol: 'query',
      xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
      handlers: { ...iamHandlers, ...iamUserHandlers },
      errors: QUERY_ERRORS,
    },
  ],
  [
    'ec2',
    {
      name: 'ec2',
      invalidInput: ec2InvalidInput,
      protocol: 'ec2',
      xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
      handlers: ec2Handlers,
      // EC2's documented codes: AuthFailure for an unknown key, UnauthorizedOperation when denied,
      // RequestLimitExceeded when throttled.
      errors: {
        invalidToken: 'AuthFailure',
        expiredToken: 'RequestExpired',
        accessDenied: 'UnauthorizedOperation',
        throttling: 'RequestLimitExceeded',
        unknownAction: 'InvalidAction',
      },
    },
  ],
  [
    'organizations',
    {
      name: 'organizations',
      invalidInput: organizationsInvalidInput,
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
      invalidInput: jsonInvalidInput,
      protocol: 'json',
      targetPrefix: 'StarlingDoveService',
      handlers: configHandlers,
      errors: { ...JSON_ERRORS, throttling: 'ThrottlingException' },
    },
  ],
  [
    'logs',
    {
      name: 'logs',
      invalidInput: logsInvalidInput,
      protocol: 'json',
      targetPrefix: 'Logs_20140328',
      handlers: logsHandlers,
      errors: { ...JSON_ERRORS, throttling: 'ThrottlingException' },
    },
  ],
  [
    'ssm',
    {
      name: 'ssm',
      invalidInput: jsonInvalidInput,
      protocol: 'json',
      targetPrefix: 'AmazonSSM',
      handlers: ssmHandlers,
      errors: { ...JSON_ERRORS, throttling: 'ThrottlingException' },
    },
  ],
]);
