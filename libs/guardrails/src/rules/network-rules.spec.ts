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
});
