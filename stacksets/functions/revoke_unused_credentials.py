# Disables credentials unused for MaxCredentialUsageAge days, as AWSConfigRemediation-RevokeUnusedIAMUserCredentials
# does (active keys set Inactive, an unused console password deleted), but first skips a user carrying the
# exemption tag (the output says why; Skipped is 'no' otherwise, as an output value cannot be empty). Last use
# falls back to creation for credentials never used. IAMResourceId comes back so the record names the user.
import datetime


def unused(last, limit, now):
    return last is not None and (now - last).total_seconds() > limit * 86400


def handler(events, context):
    import boto3
    iam, config = boto3.client('iam'), boto3.client('config')
    limit, tag_key = int(events['MaxCredentialUsageAge']), events.get('ExemptTagKey', '')
    found = config.list_discovered_resources(resourceType='AWS::IAM::User', resourceIds=[events['IAMResourceId']])
    if not found['resourceIdentifiers']:
        raise Exception('no IAM user with id %s' % events['IAMResourceId'])
    user_id, name = events['IAMResourceId'], found['resourceIdentifiers'][0]['resourceName']
    if tag_key and any(t['Key'] == tag_key for t in iam.list_user_tags(UserName=name)['Tags']):
        skipped = '%s carries the exemption tag %s' % (name, tag_key)
        return {'IAMResourceId': user_id, 'UserName': name, 'Deactivated': [], 'PasswordDeleted': False, 'Skipped': skipped}
    now = datetime.datetime.now(datetime.timezone.utc)
    deactivated = []
    for key in iam.list_access_keys(UserName=name)['AccessKeyMetadata']:
        if key['Status'] != 'Active':
            continue
        used = iam.get_access_key_last_used(AccessKeyId=key['AccessKeyId'])['AccessKeyLastUsed'].get('LastUsedDate')
        if unused(used or key['CreateDate'], limit, now):
            iam.update_access_key(UserName=name, AccessKeyId=key['AccessKeyId'], Status='Inactive')
            deactivated.append(key['AccessKeyId'])
    deleted = False
    try:
        created = iam.get_login_profile(UserName=name)['LoginProfile']['CreateDate']
    except iam.exceptions.NoSuchEntityException:
        created = None
    if created is not None and unused(iam.get_user(UserName=name)['User'].get('PasswordLastUsed') or created, limit, now):
        iam.delete_login_profile(UserName=name)
        deleted = True
    return {'IAMResourceId': user_id, 'UserName': name, 'Deactivated': deactivated, 'PasswordDeleted': deleted, 'Skipped': 'no'}
