import { cloudFormationHandlers } from './cloudformation.js';
import { configHandlers } from './config.js';
import { organizationsHandlers } from './organizations.js';
import { stsHandlers } from './sts.js';
const QUERY_ERRORS = {
    invalidToken: 'InvalidClientTokenId',
    expiredToken: 'ExpiredToken',
    accessDenied: 'AccessDenied',
    throttling: 'Throttling',
    unknownAction: 'InvalidAction',
};
const JSON_ERRORS = {
    invalidToken: 'UnrecognizedClientException',
    expiredToken: 'ExpiredTokenException',
    accessDenied: 'AccessDeniedException',
    unknownAction: 'UnknownOperationException',
};
/** Every service the server routes to, by its SigV4 signing name. */
export const SERVICES = new Map([
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
//# sourceMappingURL=index.js.map