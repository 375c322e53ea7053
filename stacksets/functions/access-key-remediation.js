// Access-key remediation for the cisfleet ACCESS_KEYS_ROTATED rule. Inlined into the template (Code.ZipFile),
// so it stays CommonJS, dependency-free beyond the runtime's SDK v3, and under 4,096 characters once
// full-line comments are stripped by the assembler.
'use strict';
const {
  IAMClient, ListUsersCommand, ListUserTagsCommand, ListAccessKeysCommand,
  UpdateAccessKeyCommand, DeleteAccessKeyCommand, TagUserCommand, UntagUserCommand,
} = require('@aws-sdk/client-iam');

const DAY = 86400000;
// IAM keeps no deactivation date: the function records its own on the user, one tag per key.
const TAG = 'cisfleet:deactivated:';
const log = (msg, f) => console.log(JSON.stringify({ level: 'info', msg, ...f }));

function settings(env) {
  return {
    rule: env.RULE_NAME,
    maxAge: Number(env.MAX_KEY_AGE_DAYS || 90),
    action: env.KEY_ACTION === 'DELETE' ? 'DELETE' : 'DEACTIVATE',
    grace: Number(env.DELETE_GRACE_DAYS || 30),
    exemptKey: env.EXEMPT_TAG_KEY || '',
  };
}

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

async function remediate(iam, s, user, now) {
  const UserName = user.UserName;
  const tags = Object.fromEntries((await pages(iam, ListUserTagsCommand, { UserName }, 'Tags')).map((t) => [t.Key, t.Value]));
  if (s.exemptKey && s.exemptKey in tags) {
    log('user exempt', { user: UserName, tag: s.exemptKey });
    return { status: 'exempt', user: UserName };
  }
  const done = [];
  const stamp = (id) => iam.send(new TagUserCommand({ UserName, Tags: [{ Key: TAG + id, Value: new Date(now).toISOString() }] }));
  for (const key of await pages(iam, ListAccessKeysCommand, { UserName }, 'AccessKeyMetadata')) {
    const id = key.AccessKeyId;
    const ageDays = (now - new Date(key.CreateDate).getTime()) / DAY;
    if (ageDays < s.maxAge) continue;
    if (key.Status === 'Active') {
      await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: id, Status: 'Inactive' }));
      await stamp(id);
      done.push({ key: id, action: 'deactivated' });
    } else if (s.action === 'DELETE') {
      const since = Date.parse(tags[TAG + id] || '');
      // An inactive key without our tag starts its grace period now: never delete sooner than promised.
      if (Number.isNaN(since)) {
        await stamp(id);
        done.push({ key: id, action: 'grace-started' });
      } else if (now - since >= s.grace * DAY) {
        await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: id }));
        await iam.send(new UntagUserCommand({ UserName, TagKeys: [TAG + id] }));
        done.push({ key: id, action: 'deleted' });
      } else {
        done.push({ key: id, action: 'in-grace' });
      }
    }
  }
  for (const d of done) log('key ' + d.action, { user: UserName, ...d });
  return { status: 'remediated', user: UserName, keys: done };
}

exports.makeHandler = (iam, env = process.env, clock = Date.now) => async (event) => {
  const s = settings(env);
  const client = () => (typeof iam === 'function' ? iam() : iam);
  const users = async () => pages(client(), ListUsersCommand, {}, 'Users');
  // The daily sweep (KEY_ACTION=DELETE only): a user whose old keys are all inactive is compliant, so Config
  // sends no event that would delete them once their grace period is over.
  if (event && event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event') {
    const swept = [];
    for (const user of await users()) swept.push(await remediate(client(), s, user, clock()));
    return { status: 'swept', users: swept };
  }
  const d = event && typeof event === 'object' ? event.detail : undefined;
  const result = d && d.newEvaluationResult;
  const q = result && result.evaluationResultIdentifier && result.evaluationResultIdentifier.evaluationResultQualifier;
  const userId = (d && d.resourceId) || (q && q.resourceId);
  if (!d || d.configRuleName !== s.rule || !result || result.complianceType !== 'NON_COMPLIANT' || typeof userId !== 'string') {
    log('event ignored', { rule: d && d.configRuleName, expected: s.rule });
    return { status: 'ignored' };
  }
  // The Config resource id of an IAM user is its user id (AIDA…), not its name.
  const user = (await users()).find((u) => u.UserId === userId);
  if (!user) {
    log('user not found', { userId });
    return { status: 'user-not-found', userId };
  }
  return remediate(client(), s, user, clock());
};

let client;
// Built on first use so that loading the module (tests, cold start of an ignored event) creates no client.
exports.handler = exports.makeHandler(() => (client = client || new IAMClient({})));
