/**
 * Checks what the simulator answers against AWS's model of the operation: a success's output against the output
 * shape (required members present, no member the model does not know, enum values legal, types right), an
 * error's code against the operation's declared errors plus the errors every AWS service may send (for EC2, whose
 * model declares none, against EC2's documented list: core/ec2-error-codes.ts). Members are looked up under the
 * names the protocol puts on the wire (`WIRE_NAMES`): EC2 handlers write `locationName`s. On in tests
 * (`CISFLEET_SIM_CHECK_RESPONSES=1`, test/env.cjs), so that every response of the whole suite is checked.
 *
 * A violation is the simulator's bug: the server answers it as a 500 naming the operation and the member, and it
 * is recorded here; test/helpers/model-check-hooks.ts fails the test file that caused it, and the suite's global
 * teardown totals every process's records (`CISFLEET_SIM_CHECK_DIR`, child processes included).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2_DOCUMENTED_ERRORS } from './ec2-error-codes.js';
import { EC2_LIST_ITEM } from './protocol-ec2.js';
import { QUERY_LIST_ITEM } from './protocol-query.js';
import type { CompiledShape, ListShape, OperationModel, StructureShape } from './service-models.js';

/** The wire protocols whose responses are checked. */
export type ResponseProtocol = 'query' | 'json' | 'ec2';

/**
 * Errors any operation of a service may answer without its model listing them. Sources: AWS's "Common Errors"
 * pages of each API reference (e.g. docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html,
 * …/config/latest/APIReference/CommonErrors.html, …/AWSCloudFormation/latest/APIReference/CommonErrors.html,
 * …/STS/latest/APIReference/CommonErrors.html, …/IAM/latest/APIReference/CommonErrors.html), which list
 * AccessDeniedException, IncompleteSignature, InternalFailure, InvalidAction, InvalidClientTokenId,
 * NotAuthorized, OptInRequired, RequestExpired, ServiceUnavailable, ThrottlingException and ValidationError;
 * plus the wire spellings the query services use for some of them (AccessDenied, Throttling, ExpiredToken) and
 * the JSON 1.1 front end's own codes (UnrecognizedClientException, UnknownOperationException,
 * SerializationException, ValidationException; see docs/simulator.md for the sources of each).
 */
/**
 * Members a model marks required that AWS itself leaves out, as its documentation says: IAM's
 * AccessKeyLastUsed.LastUsedDate is absent for a key never used (GetAccessKeyLastUsed: "This field is null …
 * an access key exists but has not been used").
 */
const OMITTED_BY_AWS: ReadonlySet<string> = new Set(['iam:AccessKeyLastUsed.LastUsedDate']);

export const COMMON_ERRORS: Readonly<Record<ResponseProtocol, ReadonlySet<string>>> = {
  query: new Set([
    'AccessDenied',
    'AccessDeniedException',
    'IncompleteSignature',
    'InternalFailure',
    'InvalidAction',
    'InvalidClientTokenId',
    'MissingAuthenticationToken',
    'NotAuthorized',
    'OptInRequired',
    'RequestExpired',
    'ServiceUnavailable',
    'Throttling',
    'ThrottlingException',
    'ValidationError',
    'ExpiredToken',
  ]),
  json: new Set([
    'AccessDeniedException',
    'IncompleteSignature',
    'InternalFailure',
    'MissingAuthenticationToken',
    'NotAuthorized',
    'OptInRequired',
    'RequestExpired',
    'ServiceUnavailable',
    'ThrottlingException',
    'ValidationException',
    'ExpiredTokenException',
    'UnrecognizedClientException',
    'UnknownOperationException',
    'SerializationException',
  ]),
  // EC2's model lists no errors per operation: its documented list is the whole check.
  ec2: EC2_DOCUMENTED_ERRORS,
};

/**
 * Where the Debian model (botocore 1.29.27, December 2022) and AWS's wire today disagree, and the simulator sends
 * what AWS sends: members added after the model was built, and enum values AWS sends in another spelling than
 * its model's. The checker tolerates exactly these; docs/simulator.md lists them (a test holds the two
 * together), and a test fails once the installed model knows one of the members, so no entry outlives its reason.
 */
export interface ModelGap {
  service: string;
  /** The model's shape name. */
  shape: string;
  member: string;
  /** For an enum spelling: the value AWS sends; absent for a member the model does not have yet. */
  value?: string;
  cisfleetReadsIt: boolean;
  source: string;
}

export const MODEL_GAPS: readonly ModelGap[] = [
  {
    service: 'organizations',
    shape: 'Account',
    member: 'State',
    cisfleetReadsIt: true,
    source: 'docs.aws.amazon.com/organizations/latest/APIReference/API_Account.html (State; Status is deprecated)',
  },
  {
    service: 'organizations',
    shape: 'DelegatedAdministrator',
    member: 'State',
    cisfleetReadsIt: false,
    source: 'docs.aws.amazon.com/sdk-for-ruby/v3/api/Aws/Organizations/Types/DelegatedAdministrator.html (#state)',
  },
  {
    service: 'cloudformation',
    shape: 'StackSetOperationPreferences',
    member: 'ConcurrencyMode',
    cisfleetReadsIt: true,
    source: 'docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html',
  },
  {
    service: 'cloudformation',
    shape: 'StackSet',
    member: 'Regions',
    cisfleetReadsIt: true,
    source: 'docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSet.html (Regions)',
  },
  {
    service: 'config',
    shape: 'ConfigurationRecorder',
    member: 'arn',
    cisfleetReadsIt: false,
    source:
      'docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorder.html (arn, service-linked recorders)',
  },
  ...['SUCCESS', 'PENDING', 'FAILURE'].map((value) => ({
    service: 'config',
    shape: 'RecorderStatus',
    member: 'lastStatus',
    value,
    cisfleetReadsIt: false,
    source:
      'github.com/aws/aws-cli awscli/examples/configservice/describe-configuration-recorder-status.rst (AWS\'s own example answers "SUCCESS"; the model says Success)',
  })),
  {
    service: 'cloudformation',
    shape: 'StackInstanceDetailedStatus',
    member: 'DetailedStatus',
    value: 'SKIPPED_SUSPENDED_ACCOUNT',
    cisfleetReadsIt: true,
    source:
      'docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstanceComprehensiveStatus.html (added 2023-06-07; the SDK v3 model has it)',
  },
];

/** Operations the simulator serves (and cisfleet calls) that AWS added after the Debian model was built. */
export const OPERATIONS_NEWER_THAN_MODEL: readonly { service: string; operation: string; source: string }[] = [
  {
    service: 'cloudformation',
    operation: 'ListStackInstanceResourceDrifts',
    source: 'CloudFormation API reference, ListStackInstanceResourceDrifts',
  },
  {
    service: 'cloudformation',
    operation: 'ActivateOrganizationsAccess',
    source: 'CloudFormation API reference, ActivateOrganizationsAccess',
  },
  {
    service: 'cloudformation',
    operation: 'DescribeOrganizationsAccess',
    source: 'CloudFormation API reference, DescribeOrganizationsAccess',
  },
];

const toleratedMembers = new Set(
  MODEL_GAPS.filter((g) => g.value === undefined).map((g) => `${g.service}:${g.shape}.${g.member}`),
);
const toleratedValues = new Set(
  MODEL_GAPS.filter((g) => g.value !== undefined).map((g) => `${g.service}:${g.shape}=${g.value}`),
);

/** What a process has checked, and what it found. */
interface CheckRecord {
  responses: number;
  operations: Set<string>;
  violations: string[];
}

const RECORD_KEY = Symbol.for('cisfleet.sim.responseChecks');

/** One record per global (a Jest test file has its own), whichever copy of this module got loaded. */
function record(): CheckRecord {
  const holder = globalThis as { [RECORD_KEY]?: CheckRecord };
  holder[RECORD_KEY] ??= { responses: 0, operations: new Set(), violations: [] };
  return holder[RECORD_KEY];
}

/** True when responses are checked (tests). */
export function responseCheckingEnabled(): boolean {
  return process.env.CISFLEET_SIM_CHECK_RESPONSES === '1';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof Map) &&
  !(value instanceof Date);

/**
 * How a protocol names what a handler writes, as the clients read it. The XML protocols (query, ec2) name a member
 * by its `locationName` where the model gives one, else by the member's name, and put list items in the element
 * their model names (botocore's XML parser, `_member_key_name`; the SDKs' `xmlName`), which must be the one the
 * protocol's encoder writes. JSON 1.1 uses the members' names, and has no item elements.
 */
interface WireNames {
  /** The members of a structure by the key a handler's output gives them. */
  members(shape: StructureShape): MembersByWireName;
  /** For XML: the item element the protocol's encoder writes, and the one the model expects for a list. */
  listItems?: { encoded: string; modelled(list: ListShape): string };
}

type MembersByWireName = ReadonlyMap<string, { member: string; shape: CompiledShape }>;

/** A structure's members by wire name, computed once per shape. */
function membersNamed(wireName: (shape: StructureShape, member: string) => string) {
  const cache = new WeakMap<StructureShape, MembersByWireName>();
  return (shape: StructureShape): MembersByWireName => {
    let byWireName = cache.get(shape);
    if (!byWireName) {
      byWireName = new Map(
        [...shape.members].map(([member, memberShape]) => [wireName(shape, member), { member, shape: memberShape }]),
      );
      cache.set(shape, byWireName);
    }
    return byWireName;
  };
}

const xmlMemberNames = membersNamed((shape, member) => shape.locationNames.get(member) ?? member);
// Lists whose members the model leaves unnamed are `<member>` lists in botocore and the SDKs.
const modelledItem = (list: ListShape): string => list.memberLocationName ?? 'member';

const WIRE_NAMES: Readonly<Record<ResponseProtocol, WireNames>> = {
  json: { members: membersNamed((_shape, member) => member) },
  query: { members: xmlMemberNames, listItems: { encoded: QUERY_LIST_ITEM, modelled: modelledItem } },
  ec2: { members: xmlMemberNames, listItems: { encoded: EC2_LIST_ITEM, modelled: modelledItem } },
};

class OutputWalker {
  readonly problems: string[] = [];
  private readonly names: WireNames;

  constructor(
    private readonly service: string,
    private readonly protocol: ResponseProtocol,
  ) {
    this.names = WIRE_NAMES[protocol];
  }

  private problem(path: string, text: string): void {
    this.problems.push(`${path || '(output)'}: ${text}`);
  }

  structure(shape: StructureShape, value: unknown, path: string): void {
    if (!isPlainObject(value)) return this.problem(path, `expected a structure (${shape.name})`);
    const members = this.names.members(shape);
    for (const [key, { member }] of members) {
      if (!shape.required.includes(member) || OMITTED_BY_AWS.has(`${this.service}:${shape.name}.${member}`)) continue;
      if (value[key] === undefined || value[key] === null) {
        this.problem(join2(path, key), `required member missing (${shape.name})`);
      }
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || item === null) continue;
      const known = members.get(key);
      if (!known) {
        if (!toleratedMembers.has(`${this.service}:${shape.name}.${key}`))
          this.problem(join2(path, key), `not a member of ${shape.name} in the model`);
        continue;
      }
      this.value(known.shape, item, join2(path, key));
    }
  }

  value(shape: CompiledShape, value: unknown, path: string): void {
    switch (shape.kind) {
      case 'structure':
        return this.structure(shape, value, path);
      case 'list': {
        if (!Array.isArray(value)) return this.problem(path, `expected a list (${shape.name})`);
        const items = this.names.listItems;
        if (items && value.length > 0 && items.modelled(shape) !== items.encoded)
          this.problem(
            path,
            `items are sent as <${items.encoded}>, the model names them <${items.modelled(shape)}> (${shape.name})`,
          );
        value.forEach((item, i) => this.value(shape.member, item, `${path}[${i}]`));
        return;
      }
      case 'map': {
        // Handlers give maps as Map instances (the query encoder needs them); JSON also encodes a plain object.
        const entries =
          value instanceof Map
            ? [...value.entries()]
            : this.protocol === 'json' && isPlainObject(value)
              ? Object.entries(value)
              : undefined;
        if (!entries) return this.problem(path, `expected a map (${shape.name})`);
        for (const [key, item] of entries) this.value(shape.value, item, `${path}{${String(key)}}`);
        return;
      }
      case 'string':
        if (typeof value !== 'string')
          return this.problem(path, `expected a string (${shape.name}), got ${typeof value}`);
        if (shape.enum && !shape.enum.has(value) && !toleratedValues.has(`${this.service}:${shape.name}=${value}`))
          this.problem(path, `'${value}' is not a value of ${shape.name} (${[...shape.enum].join(', ')})`);
        return;
      case 'integer':
      case 'long':
        if (!Number.isInteger(value))
          this.problem(path, `expected an integer (${shape.name}), got ${JSON.stringify(value)}`);
        return;
      case 'float':
      case 'double':
        if (typeof value !== 'number') this.problem(path, `expected a number (${shape.name}), got ${typeof value}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.problem(path, `expected a boolean (${shape.name}), got ${typeof value}`);
        return;
      case 'timestamp':
        if (!(value instanceof Date))
          this.problem(path, `expected a timestamp (Date) (${shape.name}), got ${typeof value}`);
        return;
      case 'blob':
        if (typeof value !== 'string') this.problem(path, `expected a blob (${shape.name})`);
        return;
    }
  }
}

const join2 = (path: string, member: string): string => (path === '' ? member : `${path}.${member}`);

/** Problems of a success's output (each `Member.Path: what is wrong`); empty when it matches the model. */
export function outputProblems(
  service: string,
  protocol: ResponseProtocol,
  operation: OperationModel,
  output: Record<string, unknown>,
): string[] {
  if (!operation.output) {
    const members = Object.entries(output).filter(([, v]) => v !== undefined && v !== null);
    return members.length === 0
      ? []
      : [`${members.map(([k]) => k).join(', ')}: the operation has no output in the model`];
  }
  const walker = new OutputWalker(service, protocol);
  walker.structure(operation.output, output, '');
  return walker.problems;
}

/** Whether an error code may come back from the operation (declared by the model, or common to AWS). */
export function errorCodeAllowed(protocol: ResponseProtocol, operation: OperationModel, code: string): boolean {
  return COMMON_ERRORS[protocol].has(code) || operation.errorCodes.has(code);
}

/** Records a checked response (and its problems); returns the violation text to answer with, if any. */
export function recordCheck(service: string, action: string, problems: readonly string[]): string | undefined {
  const rec = record();
  rec.responses += 1;
  rec.operations.add(`${service}:${action}`);
  if (problems.length === 0) return undefined;
  const violation = `simulator response violates the ${service} model: ${action}: ${problems.join('; ')}`;
  rec.violations.push(violation);
  flushViolationsAtExit();
  return violation;
}

/** The violations recorded and not yet taken (and forgets them): the test file that caused them reports them. */
export function takeViolations(): string[] {
  return record().violations.splice(0);
}

/** Responses checked and operations seen so far in this global (since the last flush). */
export function checkedSoFar(): { responses: number; operations: ReadonlySet<string> } {
  const rec = record();
  return { responses: rec.responses, operations: rec.operations };
}

const recordDir = (): string | undefined => process.env.CISFLEET_SIM_CHECK_DIR || undefined;

/** Appends this global's counts to the run's record directory and resets them (no-op without one). */
export function flushCheckCounts(): void {
  const dir = recordDir();
  const rec = record();
  if (!dir || rec.responses === 0) return;
  appendFileSync(
    join(dir, `counts-${process.pid}.jsonl`),
    `${JSON.stringify({ responses: rec.responses, operations: [...rec.operations] })}\n`,
  );
  rec.responses = 0;
  rec.operations.clear();
}

let exitHookInstalled = false;

/**
 * A process that is not a test file (a CLI child: `cisfleet sim serve`, the demo) has nobody to take its
 * violations: they go to the run's record directory when it exits, and the run's teardown reports them.
 */
function flushViolationsAtExit(): void {
  if (exitHookInstalled || !recordDir()) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    const dir = recordDir();
    const left = takeViolations();
    flushCheckCounts();
    if (dir && left.length > 0)
      appendFileSync(join(dir, `violations-${process.pid}.jsonl`), left.map((v) => `${JSON.stringify(v)}\n`).join(''));
  });
}
