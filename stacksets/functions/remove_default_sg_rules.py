# Empties a VPC default security group (CIS: it must allow no traffic), with two guards the AWS-owned runbook
# lacks: a group carrying the exemption tag is skipped (the output says why), and a group that network
# interfaces still use is never emptied (their traffic would stop): the execution fails naming them, so a
# person moves them to their own groups first. Skipped is 'no' or why (an output value cannot be empty).
def handler(events, context):
    import boto3
    ec2 = boto3.client('ec2')
    group_id, tag_key = events['GroupId'], events.get('ExemptTagKey', '')
    group = ec2.describe_security_groups(GroupIds=[group_id])['SecurityGroups'][0]
    if group.get('GroupName') != 'default':
        raise Exception('%s is not a default security group' % group_id)
    if tag_key and any(t.get('Key') == tag_key for t in group.get('Tags', [])):
        return {'GroupId': group_id, 'Skipped': '%s carries the exemption tag %s' % (group_id, tag_key)}
    enis = ec2.describe_network_interfaces(Filters=[{'Name': 'group-id', 'Values': [group_id]}])['NetworkInterfaces']
    if enis:
        raise Exception('NeedsPerson: %s is used by %s' % (group_id, ', '.join(e['NetworkInterfaceId'] for e in enis)))
    if group.get('IpPermissions'):
        ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=group['IpPermissions'])
    if group.get('IpPermissionsEgress'):
        ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=group['IpPermissionsEgress'])
    return {'GroupId': group_id, 'Skipped': 'no'}
