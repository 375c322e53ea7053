/**
 * The error codes EC2 may answer. EC2's model lists no errors per operation; AWS documents its codes in one page,
 * "Error codes for the Amazon EC2 API" (docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), and
 * this list is taken from it: every common client error code and every server error code the page lists, and of
 * its "client error codes for specific actions" those of the resources the simulator serves (security groups,
 * network interfaces, filters). An EC2 action added to the simulator adds its own codes from that page here.
 */

/** "Common client error codes": codes every EC2 action can return. */
const COMMON_CLIENT_ERRORS = [
  'AuthFailure',
  'Blocked',
  'DryRunOperation',
  'IdempotentParameterMismatch',
  'IncompleteSignature',
  'InvalidAction',
  'InvalidCharacter',
  'InvalidClientTokenId',
  'InvalidPaginationToken',
  'InvalidParameter',
  'InvalidParameterCombination',
  'InvalidParameterDependency',
  'InvalidParameterValue',
  'InvalidQueryParameter',
  'MalformedQueryString',
  'MissingAction',
  'MissingAuthenticationToken',
  'MissingParameter',
  'OptInRequired',
  'PendingVerification',
  'RequestExpired',
  'UnauthorizedOperation',
  'UnknownParameter',
  'UnsupportedInstanceAttribute',
  'UnsupportedOperation',
  'UnsupportedProtocol',
  'ValidationError',
] as const;

/** "Server error codes" (500-series answers; RequestLimitExceeded is EC2's throttling code). */
const SERVER_ERRORS = [
  'InsufficientAddressCapacity',
  'InsufficientCapacity',
  'InsufficientInstanceCapacity',
  'InsufficientHostCapacity',
  'InsufficientReservedInstanceCapacity',
  'InsufficientVolumeCapacity',
  'InternalError',
  'InternalFailure',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'Unavailable',
] as const;

/** "Client error codes for specific actions", for the resources DescribeSecurityGroups and DescribeNetworkInterfaces read. */
const SECURITY_GROUP_AND_INTERFACE_ERRORS = [
  'FilterLimitExceeded',
  'InvalidGroup.NotFound',
  'InvalidGroupId.Malformed',
  'InvalidNetworkInterfaceID.NotFound',
  'InvalidNetworkInterfaceId.Malformed',
] as const;

/** Every code the simulator may answer an EC2 request with. */
export const EC2_DOCUMENTED_ERRORS: ReadonlySet<string> = new Set([
  ...COMMON_CLIENT_ERRORS,
  ...SERVER_ERRORS,
  ...SECURITY_GROUP_AND_INTERFACE_ERRORS,
]);
