import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule, VpcSecurityGroupIngressRuleConfig } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { NetworkAcl } from '@cdktf/provider-aws/lib/network-acl';
import { NetworkAclRule } from '@cdktf/provider-aws/lib/network-acl-rule';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { findingsOf, testRulePack } from '../testing/rule-pack-tests';
import { NETWORK_RULES } from './network-rules';

interface NetworkParts {
  readonly flowLog?: boolean;
  readonly defaultGroup?: 'deny-all' | 'allow-all' | null;
}

/** A VPC like Network's: flow logs, a deny-all default group. */
function vpc(scope: Construct, parts: NetworkParts = {}): Vpc {
  const resource = new Vpc(scope, 'Vpc', { cidrBlock: '10.40.0.0/16' });
  if (parts.flowLog ?? true) new FlowLog(scope, 'FlowLogs', { vpcId: resource.id, trafficType: 'ALL', logDestination: 'arn:aws:logs:eu-central-1:1:log-group:flow' });
  const defaultGroup = parts.defaultGroup === undefined ? 'deny-all' : parts.defaultGroup;
  if (defaultGroup !== null) {
    const everything = [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }];
    new DefaultSecurityGroup(scope, 'DefaultSecurityGroup', { vpcId: resource.id, ingress: [], egress: defaultGroup === 'allow-all' ? everything : [] });
  }
  return resource;
}

/** Groups like BaselineSecurityGroups: the load balancer takes 80/443 from anywhere, the application only from it. */
function securityGroups(scope: Construct): { loadBalancer: SecurityGroup; application: SecurityGroup } {
  const loadBalancer = new SecurityGroup(scope, 'LoadBalancer', { name: 'platform-load-balancer', description: 'Internet-facing load balancers', vpcId: 'vpc-1' });
  const application = new SecurityGroup(scope, 'Application', { name: 'platform-application', description: 'Application workloads behind the load balancer', vpcId: 'vpc-1' });
  for (const port of [80, 443]) {
    new VpcSecurityGroupIngressRule(loadBalancer, `Https${port}`, {
      securityGroupId: loadBalancer.id,
      description: `Port ${port} from the internet`,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      cidrIpv4: '0.0.0.0/0',
    });
  }
  new VpcSecurityGroupIngressRule(application, 'FromLoadBalancer', {
    securityGroupId: application.id,
    description: 'Port 8000 from the load balancer',
    ipProtocol: 'tcp',
    fromPort: 8000,
    toPort: 8000,
    referencedSecurityGroupId: loadBalancer.id,
  });
  new VpcSecurityGroupEgressRule(application, 'HttpsOut', {
    securityGroupId: application.id,
    description: 'HTTPS to AWS APIs',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '0.0.0.0/0',
  });
  return { loadBalancer, application };
}

const compliant = (stack: TerraformStack) => {
  vpc(stack);
  securityGroups(stack);
};

/** The compliant groups plus one more ingress rule on the application group. */
const withApplicationIngress = (rule: Partial<VpcSecurityGroupIngressRuleConfig>) => (stack: TerraformStack) => {
  const { application } = securityGroups(stack);
  new VpcSecurityGroupIngressRule(application, 'Extra', { securityGroupId: application.id, ipProtocol: 'tcp', description: 'extra', ...rule });
};

describe('network rules', () => {
  testRulePack(NETWORK_RULES, compliant, {
    'PLAT-SG-001': [
      {
        name: 'SSH from the internet',
        build: withApplicationIngress({ fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }),
        path: 'Application/Extra',
        problem: 'allows 0.0.0.0/0 on tcp 22',
      },
      {
        name: 'HTTPS from the internet on a group that is not the load balancer',
        build: withApplicationIngress({ fromPort: 443, toPort: 443, cidrIpv6: '::/0' }),
        path: 'Application/Extra',
        problem: 'allows ::/0 on tcp 443',
      },
      {
        name: 'all traffic in an aws_security_group_rule',
        build: (stack) => {
          const { loadBalancer } = securityGroups(stack);
          new SecurityGroupRule(stack, 'OpenRule', { type: 'ingress', securityGroupId: loadBalancer.id, protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'open' });
        },
        path: 'OpenRule',
        problem: 'allows 0.0.0.0/0 on all traffic',
      },
      {
        name: 'an inline ingress block of a port range',
        build: (stack) =>
          new SecurityGroup(stack, 'Legacy', {
            name: 'legacy',
            description: 'Legacy group',
            ingress: [{ protocol: 'tcp', fromPort: 8000, toPort: 9000, cidrBlocks: ['0.0.0.0/0'], description: 'app ports' }],
          }),
        path: 'Legacy',
        problem: 'allows 0.0.0.0/0 on tcp 8000-9000',
      },
    ],
    'PLAT-SG-002': [
      { name: 'a group with the provider default description', build: (stack) => new SecurityGroup(stack, 'Bare', { name: 'bare' }), path: 'Bare', problem: 'the group has no description' },
      {
        name: 'an undescribed rule',
        build: withApplicationIngress({ fromPort: 5432, toPort: 5432, referencedSecurityGroupId: 'sg-1', description: undefined }),
        path: 'Application/Extra',
        problem: 'the rule has no description',
      },
    ],
    'PLAT-VPC-001': [{ name: 'a VPC without flow logs', build: (stack) => vpc(stack, { flowLog: false }), path: 'Vpc', problem: 'has no aws_flow_log' }],
    'PLAT-VPC-002': [
      { name: 'an unmanaged default group', build: (stack) => vpc(stack, { defaultGroup: null }), path: 'Vpc', problem: 'its default security group is not managed' },
      { name: 'a default group that allows traffic', build: (stack) => vpc(stack, { defaultGroup: 'allow-all' }), path: 'Vpc', problem: 'has ingress or egress rules' },
    ],
    'PLAT-NACL-001': [
      {
        name: 'an ACL rule opening SSH to the internet',
        build: (stack) => new NetworkAclRule(stack, 'Ssh', { networkAclId: 'acl-1', ruleNumber: 100, egress: false, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 }),
        path: 'Ssh',
        problem: 'allows tcp 22-22 from the internet, port 22 included',
      },
      {
        name: 'an inline ACL entry allowing all IPv6 traffic',
        build: (stack) => new NetworkAcl(stack, 'Acl', { vpcId: 'vpc-1', ingress: [{ action: 'allow', protocol: '-1', ruleNo: 100, ipv6CidrBlock: '::/0', fromPort: 0, toPort: 0 }] }),
        path: 'Acl',
        problem: 'allows all traffic from the internet, port 22 included; allows all traffic from the internet, port 3389 included',
      },
    ],
  });

  it('needs the load balancer group to be the rule’s own group, in this stack', () => {
    const remoteGroup = (stack: TerraformStack) =>
      new VpcSecurityGroupIngressRule(stack, 'Https', {
        securityGroupId: '${data.terraform_remote_state.network.outputs.load_balancer_id}',
        description: 'HTTPS',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '0.0.0.0/0',
      });
    expect(findingsOf('PLAT-SG-001', remoteGroup)).toHaveLength(1);
  });

  describe('PLAT-SG-001 at its boundaries (only TCP 80 and 443, each alone, from the internet to the load balancer group)', () => {
    /** One ingress rule from `cidr` on the load balancer group (or a group named `groupName`). */
    const ingress = (protocol: string, fromPort: number, toPort: number, cidr = '0.0.0.0/0', groupName = 'platform-load-balancer') => (stack: TerraformStack) => {
      const group = new SecurityGroup(stack, 'Group', { name: groupName, description: 'group under test', vpcId: 'vpc-1' });
      new VpcSecurityGroupIngressRule(stack, 'Rule', {
        securityGroupId: group.id,
        description: 'rule under test',
        ipProtocol: protocol,
        fromPort,
        toPort,
        ...(cidr.includes(':') ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
      });
    };

    it.each([
      ['TCP 80', ingress('tcp', 80, 80)],
      ['TCP 443', ingress('tcp', 443, 443)],
      ['TCP 443 over IPv6', ingress('tcp', 443, 443, '::/0')],
      ['TCP 443 by protocol number 6', ingress('6', 443, 443)],
      ['TCP 22 from a private range', ingress('tcp', 22, 22, '10.0.0.0/8')],
      ['TCP 22 from a public /9 (one bit narrower than the /8 threshold: a named range, not the internet)', ingress('tcp', 22, 22, '11.0.0.0/9')],
      ['TCP 22 from an IPv6 unique local range', ingress('tcp', 22, 22, 'fd00::/8')],
      ['TCP 443 from the upper half of the internet on the load balancer group', ingress('tcp', 443, 443, '128.0.0.0/1')],
      ['TCP 443 on a group named <prefix>-alb', ingress('tcp', 443, 443, '0.0.0.0/0', 'platform-alb')],
      ['TCP 443 on a group named <prefix>_nlb_public', ingress('tcp', 443, 443, '0.0.0.0/0', 'platform_nlb_public')],
      ['TCP 443 on a group named loadbalancers-<suffix>', ingress('tcp', 443, 443, '0.0.0.0/0', 'loadbalancers-public')],
    ])('passes %s', (_, build) => {
      expect(findingsOf('PLAT-SG-001', build)).toEqual([]);
    });

    it.each([
      ['TCP 80-65535 (a range starting at an allowed port)', ingress('tcp', 80, 65535), 'allows 0.0.0.0/0 on tcp 80-65535'],
      ['TCP 80-443', ingress('tcp', 80, 443), 'allows 0.0.0.0/0 on tcp 80-443'],
      ['TCP 0-443 (a range ending at an allowed port)', ingress('tcp', 0, 443), 'allows 0.0.0.0/0 on tcp 0-443'],
      ['TCP 79', ingress('tcp', 79, 79), 'allows 0.0.0.0/0 on tcp 79'],
      ['TCP 81', ingress('tcp', 81, 81), 'allows 0.0.0.0/0 on tcp 81'],
      ['TCP 444', ingress('tcp', 444, 444), 'allows 0.0.0.0/0 on tcp 444'],
      ['UDP 443', ingress('udp', 443, 443), 'allows 0.0.0.0/0 on udp 443'],
      ['protocol 17 (UDP) 443', ingress('17', 443, 443), 'allows 0.0.0.0/0 on 17 443'],
      ['all traffic (-1)', ingress('-1', 0, 0), 'allows 0.0.0.0/0 on all traffic'],
      ['all traffic ("all")', ingress('all', 0, 0), 'allows 0.0.0.0/0 on all traffic'],
      ['TCP 443 on a group named albatross', ingress('tcp', 443, 443, '0.0.0.0/0', 'albatross'), 'allows 0.0.0.0/0 on tcp 443'],
      ['TCP 443 on a group named platformlb', ingress('tcp', 443, 443, '0.0.0.0/0', 'platformlb'), 'allows 0.0.0.0/0 on tcp 443'],
      ['TCP 22 from the lower half of the internet', ingress('tcp', 22, 22, '0.0.0.0/1'), 'allows 0.0.0.0/1 on tcp 22'],
      ['TCP 22 from the upper half of the internet', ingress('tcp', 22, 22, '128.0.0.0/1'), 'allows 128.0.0.0/1 on tcp 22'],
      ['TCP 22 from a quarter of the internet', ingress('tcp', 22, 22, '0.0.0.0/2'), 'allows 0.0.0.0/2 on tcp 22'],
      ['TCP 22 from a public /8 (the threshold)', ingress('tcp', 22, 22, '11.0.0.0/8'), 'allows 11.0.0.0/8 on tcp 22'],
      ['TCP 22 from IPv6 global unicast', ingress('tcp', 22, 22, '2000::/3'), 'allows 2000::/3 on tcp 22'],
    ])('flags %s', (_, build, problem) => {
      expect(findingsOf('PLAT-SG-001', build).map((finding) => finding.problem)).toEqual([problem]);
    });

    it('flags only the internet CIDRs of a rule that also names private ones', () => {
      const build = (stack: TerraformStack) =>
        new SecurityGroupRule(stack, 'Mixed', { type: 'ingress', securityGroupId: 'sg-1', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0'], ipv6CidrBlocks: ['::/0'], description: 'ssh' });
      expect(findingsOf('PLAT-SG-001', build).map((finding) => finding.problem)).toEqual(['allows 0.0.0.0/0 and ::/0 on tcp 22']);
    });

    it('ignores egress aws_security_group_rule entries', () => {
      const build = (stack: TerraformStack) =>
        new SecurityGroupRule(stack, 'Out', { type: 'egress', securityGroupId: 'sg-1', protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'all out' });
      expect(findingsOf('PLAT-SG-001', build)).toEqual([]);
    });

    it('recognises the load balancer group by name_prefix or Name tag too', () => {
      const onGroup = (config: { namePrefix?: string; tags?: Record<string, string> }) => (stack: TerraformStack) =>
        new SecurityGroup(stack, 'Group', { ...config, description: 'group', ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'], description: 'https' }] });
      expect(findingsOf('PLAT-SG-001', onGroup({ namePrefix: 'platform-alb-' }))).toEqual([]);
      expect(findingsOf('PLAT-SG-001', onGroup({ tags: { Name: 'platform-load-balancer' } }))).toEqual([]);
      expect(findingsOf('PLAT-SG-001', onGroup({ tags: { Name: 'platform-app' } }))).toHaveLength(1);
    });
  });

  describe('PLAT-NACL-001 at its boundaries (ports 22 and 3389, TCP or all traffic, allowed from the internet)', () => {
    const entry = (rule: { protocol?: string; fromPort?: number; toPort?: number; cidrBlock?: string; ruleAction?: string; egress?: boolean }) => (stack: TerraformStack) =>
      new NetworkAclRule(stack, 'Entry', { networkAclId: 'acl-1', ruleNumber: 100, egress: false, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '0.0.0.0/0', ...rule });

    it.each([
      ['TCP 21', entry({ fromPort: 21, toPort: 21 })],
      ['TCP 23-3388', entry({ fromPort: 23, toPort: 3388 })],
      ['TCP 3390-65535', entry({ fromPort: 3390, toPort: 65535 })],
      ['UDP 0-65535', entry({ protocol: 'udp', fromPort: 0, toPort: 65535 })],
      ['a deny of TCP 22', entry({ fromPort: 22, toPort: 22, ruleAction: 'deny' })],
      ['TCP 22 from a private range', entry({ fromPort: 22, toPort: 22, cidrBlock: '10.0.0.0/8' })],
      ['TCP 22 from a public /9', entry({ fromPort: 22, toPort: 22, cidrBlock: '11.0.0.0/9' })],
      ['an egress entry of TCP 22', entry({ fromPort: 22, toPort: 22, egress: true })],
    ])('passes %s', (_, build) => {
      expect(findingsOf('PLAT-NACL-001', build)).toEqual([]);
    });

    it.each([
      ['TCP 21-22', entry({ fromPort: 21, toPort: 22 }), 'allows tcp 21-22 from the internet, port 22 included'],
      ['TCP 22-23', entry({ fromPort: 22, toPort: 23 }), 'allows tcp 22-23 from the internet, port 22 included'],
      ['TCP 3389', entry({ fromPort: 3389, toPort: 3389 }), 'allows tcp 3389-3389 from the internet, port 3389 included'],
      ['protocol 6 (TCP) 3388-3389', entry({ protocol: '6', fromPort: 3388, toPort: 3389 }), 'allows tcp 3388-3389 from the internet, port 3389 included'],
      ['TCP without ports (all of them)', entry({}), 'allows tcp 0-65535 from the internet, port 22 included; allows tcp 0-65535 from the internet, port 3389 included'],
      ['all traffic ("all")', entry({ protocol: 'all' }), 'allows all traffic from the internet, port 22 included; allows all traffic from the internet, port 3389 included'],
      ['TCP 22 from the upper half of the internet', entry({ fromPort: 22, toPort: 22, cidrBlock: '128.0.0.0/1' }), 'allows tcp 22-22 from the internet, port 22 included'],
      ['TCP 22 from a quarter of the internet', entry({ fromPort: 22, toPort: 22, cidrBlock: '0.0.0.0/2' }), 'allows tcp 22-22 from the internet, port 22 included'],
    ])('flags %s', (_, build, problem) => {
      expect(findingsOf('PLAT-NACL-001', build).map((finding) => finding.problem)).toEqual([problem]);
    });

    it('reads inline entries of an aws_network_acl the same way', () => {
      const acl = (fromPort: number, toPort: number) => (stack: TerraformStack) =>
        new NetworkAcl(stack, 'Acl', { vpcId: 'vpc-1', ingress: [{ action: 'allow', protocol: 'tcp', ruleNo: 100, cidrBlock: '0.0.0.0/0', fromPort, toPort }] });
      expect(findingsOf('PLAT-NACL-001', acl(23, 3388))).toEqual([]);
      expect(findingsOf('PLAT-NACL-001', acl(3389, 3389)).map((finding) => finding.problem)).toEqual(['allows tcp 3389-3389 from the internet, port 3389 included']);
    });

    it('flags an entry open to the internet whose other address family is written empty (ipv6_cidr_block = "")', () => {
      const acl = (stack: TerraformStack) =>
        new NetworkAcl(stack, 'Acl', { vpcId: 'vpc-1', ingress: [{ action: 'allow', protocol: 'tcp', ruleNo: 100, cidrBlock: '0.0.0.0/0', ipv6CidrBlock: '', fromPort: 22, toPort: 22 }] });
      expect(findingsOf('PLAT-NACL-001', acl).map((finding) => finding.problem)).toEqual(['allows tcp 22-22 from the internet, port 22 included']);
    });
  });

  describe('PLAT-SG-002 counts what lacks a description', () => {
    const group = (config: { description?: string; ingress?: number; egress?: number }) => (stack: TerraformStack) => {
      const rules = (count: number) => Array.from({ length: count }, (_, index) => ({ protocol: 'tcp', fromPort: 443 + index, toPort: 443 + index, cidrBlocks: ['10.0.0.0/8'] }));
      new SecurityGroup(stack, 'Group', { name: 'platform-app', description: config.description, ingress: rules(config.ingress ?? 0), egress: rules(config.egress ?? 0) });
    };

    it.each([
      ['a described group with one undescribed ingress rule', group({ description: 'App', ingress: 1 }), '1 inline ingress rule has no description'],
      ['a described group with two undescribed egress rules', group({ description: 'App', egress: 2 }), '2 inline egress rules have no description'],
      ['a group with the AWS default description', group({ description: 'Managed by Terraform' }), 'the group has no description'],
      ['a group with a blank description', group({ description: ' ' }), 'the group has no description'],
    ])('flags %s', (_, build, problem) => {
      expect(findingsOf('PLAT-SG-002', build).map((finding) => finding.problem)).toEqual([problem]);
    });

    it('passes a described group without inline rules, or with described ones', () => {
      expect(findingsOf('PLAT-SG-002', group({ description: 'App' }))).toEqual([]);
      const described = (stack: TerraformStack) =>
        new SecurityGroup(stack, 'Group', { name: 'platform-app', description: 'App', ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8'], description: 'HTTPS from the VPC' }] });
      expect(findingsOf('PLAT-SG-002', described)).toEqual([]);
    });
  });

  it('PLAT-VPC-002 flags a default group with egress rules only', () => {
    const build = (stack: TerraformStack) => {
      const resource = new Vpc(stack, 'Vpc', { cidrBlock: '10.40.0.0/16' });
      new FlowLog(stack, 'FlowLogs', { vpcId: resource.id, trafficType: 'ALL', logDestination: 'arn:aws:logs:eu-central-1:1:log-group:flow' });
      new DefaultSecurityGroup(stack, 'DefaultSecurityGroup', { vpcId: resource.id, ingress: [], egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }] });
    };
    expect(findingsOf('PLAT-VPC-002', build).map((finding) => finding.problem)).toEqual(['its aws_default_security_group has ingress or egress rules']);
  });

  it('PLAT-NACL-001 reads egress written as the string "true" (an override) as egress', () => {
    const build = (stack: TerraformStack) =>
      new NetworkAclRule(stack, 'Entry', { networkAclId: 'acl-1', ruleNumber: 100, egress: false, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 }).addOverride('egress', 'true');
    expect(findingsOf('PLAT-NACL-001', build)).toEqual([]);
  });

  it('PLAT-SG-001 and PLAT-SG-002 list every problem of one group, separated by semicolons', () => {
    const build = (stack: TerraformStack) =>
      new SecurityGroup(stack, 'Legacy', {
        name: 'legacy',
        ingress: [
          { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] },
          { protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrBlocks: ['0.0.0.0/0'] },
        ],
      });
    expect(findingsOf('PLAT-SG-001', build).map((finding) => finding.problem)).toEqual(['allows 0.0.0.0/0 on tcp 22; allows 0.0.0.0/0 on tcp 3389']);
    expect(findingsOf('PLAT-SG-002', build).map((finding) => finding.problem)).toEqual(['the group has no description; 2 inline ingress rules have no description']);
  });

  it('PLAT-VPC-002 flags a default group with ingress rules only', () => {
    const build = (stack: TerraformStack) => {
      const resource = new Vpc(stack, 'Vpc', { cidrBlock: '10.40.0.0/16' });
      new FlowLog(stack, 'FlowLogs', { vpcId: resource.id, trafficType: 'ALL', logDestination: 'arn:aws:logs:eu-central-1:1:log-group:flow' });
      new DefaultSecurityGroup(stack, 'DefaultSecurityGroup', { vpcId: resource.id, ingress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['10.40.0.0/16'] }], egress: [] });
    };
    expect(findingsOf('PLAT-VPC-002', build).map((finding) => finding.problem)).toEqual(['its aws_default_security_group has ingress or egress rules']);
  });
});
