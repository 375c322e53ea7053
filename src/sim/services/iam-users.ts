/**
 * The IAM calls the access-key function makes (stacksets/functions/access-key-remediation.js): ListUsers and
 * ListUserTags, paged as IAM pages them; TagUser within IAM's quota of 50 tags per user (LimitExceeded, 409);
 * UntagUser, UpdateAccessKey and DeleteAccessKey. A test runs the real function against these.
 */
import { SimServiceError } from '../core/errors.js';
import type { ActionHandler, ServiceHandlers } from '../core/handler.js';
import { queryList } from '../core/protocol-query.js';
import type { World } from '../model/world.js';
import { iamDate, userNamed } from './iam.js';

/** IAM's quota of tags per user ("Tags per IAM user", not adjustable). */
export const IAM_TAGS_PER_USER = 50;
const DEFAULT_MAX_ITEMS = 100;
/** A query input member as text (query values arrive as strings; absent ones as undefined). */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** One page of `items` from an opaque Marker (the index where it starts), MaxItems 1–1000 as IAM takes it. */
function page<T>(
  items: readonly T[],
  input: Record<string, unknown>,
): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const start = input.Marker === undefined ? 0 : Number(Buffer.from(text(input.Marker), 'base64url').toString());
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw new SimServiceError('ValidationError', 'Invalid Marker.', 400);
  const size = input.MaxItems === undefined ? DEFAULT_MAX_ITEMS : Number(input.MaxItems);
  const end = Math.min(items.length, start + size);
  const truncated = end < items.length;
  return {
    items: items.slice(start, end),
    IsTruncated: truncated,
    ...(truncated ? { Marker: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

const listUsers: ActionHandler = (world, { caller, input }) => {
  const { items, ...rest } = page([...world.accountIam(caller.accountId).users.values()], input);
  return {
    Users: items.map((u) => ({
      Path: '/',
      UserName: u.userName,
      UserId: u.userId,
      Arn: u.arn,
      CreateDate: iamDate(u.createDate),
    })),
    ...rest,
  };
};

const listUserTags: ActionHandler = (world, { caller, input }) => {
  const user = userNamed(world, caller.accountId, input.UserName);
  const { items, ...rest } = page(Object.entries(user.tags), input);
  return { Tags: items.map(([Key, Value]) => ({ Key, Value })), ...rest };
};

/** Tags are set all or none: a request that would leave the user with more than 50 is refused whole. */
const tagUser: ActionHandler = (world, { caller, input }) => {
  const user = userNamed(world, caller.accountId, input.UserName);
  const tags = queryList<{ Key: string; Value: string }>(input.Tags);
  const added = new Set(tags.map((t) => t.Key).filter((k) => !Object.hasOwn(user.tags, k)));
  if (Object.keys(user.tags).length + added.size > IAM_TAGS_PER_USER)
    throw new SimServiceError('LimitExceeded', `Cannot exceed quota for TagsPerUser: ${IAM_TAGS_PER_USER}`, 409);
  for (const { Key, Value } of tags) user.tags[Key] = Value;
  return {};
};

const untagUser: ActionHandler = (world, { caller, input }) => {
  const user = userNamed(world, caller.accountId, input.UserName);
  for (const key of queryList<string>(input.TagKeys)) delete user.tags[key];
  return {};
};

function keyOf(world: World, accountId: string, input: Record<string, unknown>) {
  const user = userNamed(world, accountId, input.UserName);
  const key = user.accessKeys.find((k) => k.id === text(input.AccessKeyId));
  if (!key)
    throw new SimServiceError(
      'NoSuchEntity',
      `The Access Key with id ${String(input.AccessKeyId)} cannot be found.`,
      404,
    );
  return { user, key };
}

const updateAccessKey: ActionHandler = (world, { caller, input }) => {
  const { key } = keyOf(world, caller.accountId, input);
  const status = String(input.Status);
  if (status === 'Inactive' && key.status === 'Active') key.deactivatedDate = world.now();
  key.status = status === 'Inactive' ? 'Inactive' : 'Active';
  return {};
};

const deleteAccessKey: ActionHandler = (world, { caller, input }) => {
  const { user, key } = keyOf(world, caller.accountId, input);
  user.accessKeys = user.accessKeys.filter((k) => k !== key);
  return {};
};

/** The access-key function's IAM actions, by name. */
export const iamUserHandlers: ServiceHandlers = {
  ListUsers: listUsers,
  ListUserTags: listUserTags,
  TagUser: tagUser,
  UntagUser: untagUser,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
};
