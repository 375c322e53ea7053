// Access-key remediation for the cisfleet ACCESS_KEYS_ROTATED rule. Inlined into the template (Code.ZipFile,
// whose limit is now the 4 MB zip, so the budget is the template body: see docs/decisions/0004), so it stays
// CommonJS and dependency-free beyond the runtime's SDK v3.
//
// Two ways in: a Config compliance-change event names one user; the daily sweep (and its continuations)
// walks every user, which also retries events that were lost. Each user is handled on its own: one
// failure is recorded and the run goes on. A run that nears its time budget hands the rest of the user
// list to a fresh invocation of itself.
'use strict';
const {
  IAMClient, ListUsersCommand, ListUserTagsCommand, ListAccessKeysCommand,
  UpdateAccessKeyCommand, DeleteAccessKeyCommand, TagUserCommand, UntagUserCommand,
} = require('@aws-sdk/client-iam');

const DAY = 86400000;
// IAM keeps no deactivation date: the function records its own on the user, one tag per key. The role may
// only write tags under this prefix (aws:TagKeys in the template).
const GRACE_TAG = 'cisfleet:deactivated:';
// IAM's limit on tags per user: at the limit the deactivation date cannot be recorded.
const USER_TAG_LIMIT = 50;
// Time kept back when deciding to start another page of users: one page of users, worst case, plus the
// hand-over itself.
const RESERVE_MS = 120000;
// A sweep that keeps handing over is a bug or a pathological account: stop and say so.
const MAX_HOPS = 50;
// Failures listed in the summary line (the count is always exact).
const LISTED_FAILURES = 50;
const SWEEP = 'cisfleet.access-key-sweep';

function settings(env) {
  return {
    rule: env.RULE_NAME,
    maxAge: Number(env.MAX_KEY_AGE_DAYS || 90),
    action: env.KEY_ACTION === 'DELETE' ? 'DELETE' : 'DEACTIVATE',
    grace: Number(env.DELETE_GRACE_DAYS || 30),
    exemptKey: env.EXEMPT_TAG_KEY || '',
    metricNamespace: env.METRIC_NAMESPACE || 'cisfleet',
  };
}

const line = (level, msg, fields) => console.log(JSON.stringify({ level, msg, ...fields }));
const log = (msg, fields) => line('info', msg, fields);

async function pages(iam, Command, input, field) {
  const all = [];
  let Marker;
  do {
    const page = await iam.send(new Command({ ...input, Marker }));
    all.push(...(page[field] || []));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return all;
}

const errorName = (error) => (error && (error.name || error.Code)) || 'Error';

/** What one user needs: old active keys deactivated and stamped; under DELETE, stale inactive keys deleted. */
async function remediateUser(iam, s, user, now) {
  const UserName = user.UserName;
  const keys = await pages(iam, ListAccessKeysCommand, { UserName }, 'AccessKeyMetadata');
  const old = keys.filter((k) => (now - new Date(k.CreateDate).getTime()) / DAY >= s.maxAge);
  const pending = old.filter((k) => k.Status === 'Active' || s.action === 'DELETE');
  // Most users have no old key: their tags are never read, which halves the calls of a sweep.
  if (pending.length === 0) return { status: 'compliant', user: UserName, keys: [] };
  const tagList = await pages(iam, ListUserTagsCommand, { UserName }, 'Tags');
  const tags = Object.fromEntries(tagList.map((t) => [t.Key, t.Value]));
  if (s.exemptKey && s.exemptKey in tags) {
    log('user exempt', { user: UserName, tag: s.exemptKey });
    return { status: 'exempt', user: UserName, keys: [] };
  }
  const done = [];
  const problems = [];
  let tagCount = tagList.length;
  const stamp = async (id) => {
    if (tagCount >= USER_TAG_LIMIT) {
      problems.push({ key: id, error: 'TagLimit', message: `user has ${USER_TAG_LIMIT} tags: the deactivation date of ${id} is not recorded, so DELETE will not delete it; free a tag` });
      return false;
    }
    await iam.send(new TagUserCommand({ UserName, Tags: [{ Key: GRACE_TAG + id, Value: new Date(now).toISOString() }] }));
    tagCount += 1;
    return true;
  };
  for (const key of pending) {
    const id = key.AccessKeyId;
    if (key.Status === 'Active') {
      // Deactivation comes first and does not wait for the tag: an old key must stop working either way.
      await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: id, Status: 'Inactive' }));
      await stamp(id);
      done.push({ key: id, action: 'deactivated' });
      continue;
    }
    const since = Date.parse(tags[GRACE_TAG + id] || '');
    // An inactive key without our tag starts its grace period now: never delete sooner than promised.
    if (Number.isNaN(since)) {
      if (await stamp(id)) done.push({ key: id, action: 'grace-started' });
    } else if (now - since >= s.grace * DAY) {
      await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: id }));
      await iam.send(new UntagUserCommand({ UserName, TagKeys: [GRACE_TAG + id] }));
      tagCount -= 1;
      done.push({ key: id, action: 'deleted' });
    } else {
      done.push({ key: id, action: 'in-grace' });
    }
  }
  for (const d of done) log('key ' + d.action, { user: UserName, ...d });
  if (problems.length > 0) return { status: 'failed', user: UserName, keys: done, problems };
  return { status: 'remediated', user: UserName, keys: done };
}

/** One user, never throwing: an error becomes a failure entry and the caller goes on. */
async function attempt(iam, s, user, now) {
  try {
    const result = await remediateUser(iam, s, user, now);
    for (const p of result.problems || []) line('error', 'user failed', { user: user.UserName, ...p });
    return result;
  } catch (error) {
    const failure = { status: 'failed', user: user.UserName, keys: [], problems: [{ error: errorName(error), message: String(error && error.message) }] };
    line('error', 'user failed', { user: user.UserName, ...failure.problems[0] });
    return failure;
  }
}

/**
 * The end of a run: one summary line, which is also a CloudWatch metric (Embedded Metric Format, so no
 * extra permission), read by the template's alarm and by a person in the log group.
 */
function summarise(s, fnName, kind, results, extra) {
  const failed = results.filter((r) => r.status === 'failed');
  const count = (status) => results.filter((r) => r.status === status).length;
  const summary = {
    kind,
    checked: results.length,
    remediated: count('remediated'),
    exempt: count('exempt'),
    failed: failed.length,
    failures: failed.slice(0, LISTED_FAILURES).map((r) => ({ user: r.user, problems: r.problems })),
    ...extra,
  };
  const _aws = {
    Timestamp: Date.now(),
    CloudWatchMetrics: [{ Namespace: s.metricNamespace, Dimensions: [['FunctionName']], Metrics: [{ Name: 'UsersFailed', Unit: 'Count' }, { Name: 'UsersRemediated', Unit: 'Count' }] }],
  };
  line(failed.length > 0 ? 'error' : 'info', 'run summary', { ...summary, _aws, FunctionName: fnName, UsersFailed: failed.length, UsersRemediated: summary.remediated });
  return summary;
}

/**
 * The sweep over every user, a page at a time. When the time left cannot cover another page, the rest is
 * handed to a new asynchronous invocation with the ListUsers marker (and the failures so far counted).
 */
async function sweep(deps, s, event, context) {
  const iam = deps.iam();
  const state = (event && event.continuation) || { hop: 0, failedBefore: 0, usersBefore: 0 };
  const results = [];
  let Marker = state.marker;
  do {
    const page = await iam.send(new ListUsersCommand({ Marker }));
    for (const user of page.Users || []) results.push(await attempt(iam, s, user, deps.clock()));
    Marker = page.IsTruncated ? page.Marker : undefined;
    const left = context && typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : Infinity;
    if (Marker && left < RESERVE_MS) {
      const next = {
        hop: state.hop + 1,
        marker: Marker,
        failedBefore: state.failedBefore + results.filter((r) => r.status === 'failed').length,
        usersBefore: state.usersBefore + results.length,
      };
      if (next.hop > MAX_HOPS) {
        line('error', 'sweep stopped', { reason: `more than ${MAX_HOPS} hand-overs`, marker: Marker });
        return { status: 'swept', complete: false, users: results, ...summarise(s, context && context.functionName, 'sweep', results, { hop: state.hop }) };
      }
      await deps.continueWith({ source: SWEEP, continuation: next }, context);
      return { status: 'continued', users: results, ...summarise(s, context && context.functionName, 'sweep', results, { hop: state.hop, continued: true }) };
    }
  } while (Marker);
  const summary = summarise(s, context && context.functionName, 'sweep', results, {
    hop: state.hop,
    sweepChecked: state.usersBefore + results.length,
    sweepFailed: state.failedBefore + results.filter((r) => r.status === 'failed').length,
  });
  return { status: 'swept', complete: true, users: results, ...summary };
}

/** The Config resource id of an IAM user is its user id (AIDA…), not its name: page until it is found. */
async function findUser(iam, userId) {
  let Marker;
  do {
    const page = await iam.send(new ListUsersCommand({ Marker }));
    const user = (page.Users || []).find((u) => u.UserId === userId);
    if (user) return user;
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return undefined;
}

const isSweep = (event) =>
  Boolean(event) && ((event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event') || event.source === SWEEP);

/**
 * iam: the IAM client, or a function building it; clock() is now in ms; continueWith(payload, context)
 * starts the next invocation of a sweep. Tests pass fakes; the exported handler builds the real clients on
 * first use.
 */
exports.makeHandler = (iam, env = process.env, clock = Date.now, continueWith = invokeSelf) => {
  const deps = { iam: () => (typeof iam === 'function' ? iam() : iam), clock, continueWith };
  return async (event, context) => {
    const s = settings(env);
    if (isSweep(event)) return sweep(deps, s, event, context);
    const d = event && typeof event === 'object' ? event.detail : undefined;
    const result = d && d.newEvaluationResult;
    const q = result && result.evaluationResultIdentifier && result.evaluationResultIdentifier.evaluationResultQualifier;
    const userId = (d && d.resourceId) || (q && q.resourceId);
    if (!d || d.configRuleName !== s.rule || !result || result.complianceType !== 'NON_COMPLIANT' || typeof userId !== 'string') {
      log('event ignored', { rule: d && d.configRuleName, expected: s.rule });
      return { status: 'ignored' };
    }
    const user = await findUser(deps.iam(), userId);
    if (!user) {
      log('user not found', { userId });
      return { status: 'user-not-found', userId };
    }
    const outcome = await attempt(deps.iam(), s, user, clock());
    summarise(s, context && context.functionName, 'event', [outcome], {});
    return outcome;
  };
};

// The SDK's adaptive retry mode backs off and rate-limits itself on throttling, so a burst of events or a
// sweep does not turn IAM's throttling into failures.
const RETRY = { maxAttempts: 10, retryMode: 'adaptive' };
let iamClient;
let lambdaClient;

/** An asynchronous invocation of this same function (its role may invoke only itself). */
async function invokeSelf(payload, context) {
  const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
  lambdaClient = lambdaClient || new LambdaClient(RETRY);
  await lambdaClient.send(new InvokeCommand({ FunctionName: context.invokedFunctionArn, InvocationType: 'Event', Payload: JSON.stringify(payload) }));
}

// Built on first use so that loading the module (tests, cold start of an ignored event) creates no client.
exports.handler = exports.makeHandler(() => (iamClient = iamClient || new IAMClient(RETRY)));
