/** The simulator's IAM calls of the access-key function, through the real SDK client: paging and the tag quota. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DeleteAccessKeyCommand,
  IAMClient,
  LimitExceededException,
  ListUserTagsCommand,
  paginateListUsers,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { orgBuilder, startTestSimulator, type TestSimulator } from '../helpers/sim.js';
import { at } from '../helpers/elements.js';

const ACCOUNT = '222222222222';
const fullTags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`team:${i}`, 'x']));

describe('simulator IAM users: the access-key function calls', () => {
  let sim: TestSimulator;
  let iam: IAMClient;
  beforeAll(async () => {
    sim = await startTestSimulator(
      orgBuilder().account(ACCOUNT, {
        iamUsers: [
          { name: 'full', tags: fullTags, accessKeys: [{ ageDays: 200 }] },
          ...Array.from({ length: 7 }, (_, i) => ({ name: `user${i}`, accessKeys: [{ ageDays: 10 }] })),
        ],
      }),
    );
    iam = new IAMClient(sim.assumeRoleConfig(ACCOUNT));
  });
  afterAll(async () => {
    iam.destroy();
    await sim.stop();
  });

  const user = (name: string) => sim.world.accountIam(ACCOUNT).users.get(name)!;

  it('pages ListUsers by MaxItems and Marker', async () => {
    const pages: number[] = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 3 }, {})) pages.push(page.Users!.length);
    expect(pages).toEqual([3, 3, 2]);
  });

  it('refuses a TagUser past 50 tags with LimitExceeded (409) and changes nothing; an existing key may change', async () => {
    const error = await iam
      .send(new TagUserCommand({ UserName: 'full', Tags: [{ Key: 'cisfleet:deactivated:AKIA1', Value: 'now' }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededException);
    expect((error as LimitExceededException).$metadata.httpStatusCode).toBe(409);
    expect(Object.keys(user('full').tags)).toHaveLength(50);

    await iam.send(new TagUserCommand({ UserName: 'full', Tags: [{ Key: 'team:0', Value: 'y' }] }));
    const { Tags } = await iam.send(new ListUserTagsCommand({ UserName: 'full' }));
    expect(Tags).toHaveLength(50);
    expect(Tags).toContainEqual({ Key: 'team:0', Value: 'y' });

    await iam.send(new UntagUserCommand({ UserName: 'full', TagKeys: ['team:1'] }));
    await iam.send(
      new TagUserCommand({ UserName: 'full', Tags: [{ Key: 'cisfleet:deactivated:AKIA1', Value: 'now' }] }),
    );
    expect(user('full').tags['cisfleet:deactivated:AKIA1']).toBe('now');
  });

  it('deactivates and deletes access keys', async () => {
    const id = at(user('user0').accessKeys, 0, 'access key').id;
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'user0', AccessKeyId: id, Status: 'Inactive' }));
    expect(user('user0').accessKeys[0]?.status).toBe('Inactive');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'user0', AccessKeyId: id }));
    expect(user('user0').accessKeys).toEqual([]);
  });
});
