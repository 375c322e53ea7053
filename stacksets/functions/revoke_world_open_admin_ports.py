# Revokes exactly the world-open (0.0.0.0/0, ::/0) ranges of the ingress permissions that expose SSH (22) or
# RDP (3389): exact ports, port ranges containing them, and all traffic (protocol -1). Other permissions and the
# non-world ranges of the same permission stay. Nothing to revoke is a success, so Config may retry safely. A group
# carrying the exemption tag is skipped, and the output says why (Skipped is 'no' otherwise: an output value
# cannot be empty).
ADMIN_PORTS = (22, 3389)
WORLD_V4 = '0.0.0.0/0'
WORLD_V6 = '::/0'
PORTED_PROTOCOLS = ('tcp', 'udp', '6', '17')


def exposes_admin_port(permission):
    protocol = str(permission.get('IpProtocol'))
    if protocol == '-1':
        return True
    if protocol not in PORTED_PROTOCOLS:
        return False
    low, high = permission.get('FromPort', 0), permission.get('ToPort', 65535)
    return any(low <= port <= high for port in ADMIN_PORTS)


def world_open_part(permission):
    v4 = [r for r in permission.get('IpRanges', []) if r.get('CidrIp') == WORLD_V4]
    v6 = [r for r in permission.get('Ipv6Ranges', []) if r.get('CidrIpv6') == WORLD_V6]
    if not v4 and not v6:
        return None
    part = {'IpProtocol': permission['IpProtocol'], 'IpRanges': v4, 'Ipv6Ranges': v6}
    for field in ('FromPort', 'ToPort'):
        if field in permission:
            part[field] = permission[field]
    return part


def revoke(ec2, group_id, tag_key=''):
    group = ec2.describe_security_groups(GroupIds=[group_id])['SecurityGroups'][0]
    if tag_key and any(t.get('Key') == tag_key for t in group.get('Tags', [])):
        return {'GroupId': group_id, 'Revoked': [], 'Skipped': '%s carries the exemption tag %s' % (group_id, tag_key)}
    offending = [world_open_part(p) for p in group.get('IpPermissions', []) if exposes_admin_port(p)]
    offending = [p for p in offending if p]
    if offending:
        ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=offending)
    return {'GroupId': group_id, 'Revoked': offending, 'Skipped': 'no'}


def handler(events, context):
    import boto3
    return revoke(boto3.client('ec2'), events['GroupId'], events.get('ExemptTagKey', ''))
