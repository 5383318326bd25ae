import { GLOBAL_PRICES } from '../price-table';
import type { TerraformResource } from '../estimate-monthly-cost';
import { hourly, MONTH_HOURS, monthly, priceOf, times, type LineItemDraft, type PriceRule, type RuleContext } from './rule-helpers';
import { block, blocks, booleanOf, listOf, numberOf, referencedAddresses, stringOf } from './values';

/** EKS's instance type when a node group names none. */
const EKS_DEFAULT_INSTANCE_TYPE = 't3.medium';
/** EKS's node disk without a launch template: 20 GB gp2. */
const EKS_DEFAULT_DISK = { size: 20, type: 'gp2' };

const natGateway: PriceRule = (resource, { prices }) => {
  const privateNat = stringOf(resource.values, 'connectivity_type') === 'private';
  return {
    items: [hourly(`NAT gateway${privateNat ? ' (private)' : ''}, ${MONTH_HOURS}; data processed per GB not priced`, 1, prices.natGatewayHour)],
  };
};

const elasticIp: PriceRule = () => ({
  items: [hourly(`public IPv4 address, ${MONTH_HOURS}`, 1, GLOBAL_PRICES.publicIpv4Hour)],
});

const vpcEndpoint: PriceRule = (resource, { prices }) => {
  const kind = stringOf(resource.values, 'vpc_endpoint_type') ?? 'Gateway';
  if (kind === 'Gateway') return { items: [] };
  if (kind !== 'Interface') return { items: [], notPriced: [`${kind} endpoint: no price rule`] };
  const service = stringOf(resource.values, 'service_name') ?? 'interface endpoint';
  const azs = Math.max(1, listOf(resource.values, 'subnet_ids').length);
  return {
    items: [hourly(`interface endpoint ${service} in ${azs} AZ(s), ${MONTH_HOURS}; data processed per GB not priced`, azs, prices.interfaceEndpointAzHour, 'AZ-hours')],
  };
};

const loadBalancer: PriceRule = (resource, { prices }) => {
  const kind = stringOf(resource.values, 'load_balancer_type') ?? 'application';
  if (kind !== 'application' && kind !== 'network') return { items: [], notPriced: [`${kind} load balancer: no price rule`] };
  const internal = booleanOf(resource.values, 'internal') ?? false;
  const name = kind === 'application' ? 'Application Load Balancer' : 'Network Load Balancer';
  const items: LineItemDraft[] = [
    hourly(`${name}${internal ? ' (internal)' : ''}, ${MONTH_HOURS}; ${kind === 'application' ? 'LCUs' : 'NLCUs'} not priced (traffic)`, 1, kind === 'application' ? prices.albHour : prices.nlbHour),
  ];
  // An internet-facing load balancer holds one public IPv4 address per subnet (AZ).
  const azs = listOf(resource.values, 'subnets').length || blocks(resource.values, 'subnet_mapping').length;
  if (!internal && azs > 0) {
    items.push(hourly(`${azs} public IPv4 address(es) of the load balancer, ${MONTH_HOURS}`, azs, GLOBAL_PRICES.publicIpv4Hour, 'address-hours'));
  }
  return { items };
};

const eksCluster: PriceRule = () => ({
  items: [hourly(`EKS cluster (standard support), ${MONTH_HOURS}`, 1, GLOBAL_PRICES.eksClusterHour)],
});

const eksNodeGroup: PriceRule = (resource, context) => {
  const scaling = block(resource.values, 'scaling_config');
  const desired = numberOf(scaling, 'desired_size') ?? numberOf(scaling, 'min_size') ?? 1;
  const instanceType = (listOf(resource.values, 'instance_types')[0] as string | undefined) ?? EKS_DEFAULT_INSTANCE_TYPE;
  const spot = stringOf(resource.values, 'capacity_type') === 'SPOT';
  const range = `min ${numberOf(scaling, 'min_size') ?? '?'}, max ${numberOf(scaling, 'max_size') ?? '?'}; desired size priced`;
  const items: LineItemDraft[] = [
    hourly(
      `${times(desired, instanceType)} ${spot ? 'Spot (priced at on-demand: an upper bound)' : 'on-demand'} (${range}), ${MONTH_HOURS}`,
      desired,
      priceOf(context.prices.ec2InstanceHour, instanceType, 'EC2 instance type'),
      'instance-hours',
    ),
  ];
  const disk = nodeDisk(resource, context);
  if (desired > 0) {
    items.push(monthly(`${times(desired, `${disk.size} GB ${disk.type}`)} node disk(s)${disk.source}`, desired * disk.size, 'GB-months', priceOf(context.prices.ebsGbMonth, disk.type, 'EBS volume type')));
  }
  return { items };
};

/** The node disk: the launch template's first EBS mapping, else the node group's disk_size, else EKS's default. */
function nodeDisk(resource: TerraformResource, { find }: RuleContext): { size: number; type: string; source: string } {
  const templateRef = block(resource.values, 'launch_template');
  const template = [...referencedAddresses(templateRef?.id), ...referencedAddresses(templateRef?.name)].map(find).find(Boolean);
  if (template) {
    const ebs = block(blocks(template.values, 'block_device_mappings')[0], 'ebs');
    const size = numberOf(ebs, 'volume_size');
    if (size !== undefined) return { size, type: stringOf(ebs, 'volume_type') ?? 'gp2', source: ' (launch template)' };
  }
  if (templateRef && !template) {
    return { ...EKS_DEFAULT_DISK, source: " (launch template not resolved: EKS's default disk assumed)" };
  }
  return { size: numberOf(resource.values, 'disk_size') ?? EKS_DEFAULT_DISK.size, type: EKS_DEFAULT_DISK.type, source: '' };
}

const ec2Instance: PriceRule = (resource, { prices }) => {
  const instanceType = stringOf(resource.values, 'instance_type');
  const root = block(resource.values, 'root_block_device');
  const size = numberOf(root, 'volume_size') ?? 8;
  const volumeType = stringOf(root, 'volume_type') ?? 'gp3';
  return {
    items: [
      hourly(`${instanceType} on-demand, ${MONTH_HOURS}`, 1, priceOf(prices.ec2InstanceHour, instanceType, 'EC2 instance type'), 'instance-hours'),
      monthly(`${size} GB ${volumeType} root volume`, size, 'GB-months', priceOf(prices.ebsGbMonth, volumeType, 'EBS volume type')),
    ],
  };
};

const ecsService: PriceRule = (resource, context) => {
  const { values } = resource;
  const launchType = stringOf(values, 'launch_type');
  const providers = blocks(values, 'capacity_provider_strategy').map((strategy) => stringOf(strategy, 'capacity_provider'));
  const fargate = launchType === 'FARGATE' || (launchType === undefined && (providers.length === 0 || providers.some((name) => name?.startsWith('FARGATE'))));
  if (!fargate) return { items: [], notPriced: ['EC2 launch type: priced through its instances'] };
  const desired = numberOf(values, 'desired_count') ?? 0;
  const taskDefinition = resolveTaskDefinition(resource, context);
  const vcpu = (numberOf(taskDefinition?.values, 'cpu') ?? NaN) / 1024;
  const memoryGb = (numberOf(taskDefinition?.values, 'memory') ?? NaN) / 1024;
  if (!taskDefinition || Number.isNaN(vcpu) || Number.isNaN(memoryGb)) {
    return { items: [], notPriced: ['Fargate task size unknown: its task definition (literal cpu and memory) was not found'] };
  }
  const architecture = stringOf(block(taskDefinition.values, 'runtime_platform'), 'cpu_architecture') === 'ARM64' ? 'ARM64' : 'X86_64';
  const rates = context.prices.fargate[architecture];
  const scaling = autoscalingRange(resource, context);
  const spot = providers.some((name) => name === 'FARGATE_SPOT') ? '; FARGATE_SPOT priced at on-demand (upper bound)' : '';
  const what = `${desired} task${desired === 1 ? '' : 's'} × ${vcpu} vCPU / ${memoryGb} GB Fargate ${architecture === 'ARM64' ? 'ARM' : 'x86'}, ${MONTH_HOURS}${scaling}${spot}`;
  return {
    items: [
      hourly(`${what}: vCPU`, desired * vcpu, rates.vcpuHour, 'vCPU-hours'),
      hourly(`${what}: memory`, desired * memoryGb, rates.gbHour, 'GB-hours'),
    ],
  };
};

/** The service's task definition: by reference, else by family or ARN, else the stack's only one. */
function resolveTaskDefinition(resource: TerraformResource, { find, all }: RuleContext): TerraformResource | undefined {
  const reference = resource.values.task_definition;
  const referenced = referencedAddresses(reference).map(find).find(Boolean);
  if (referenced) return referenced;
  const definitions = all.filter((candidate) => candidate.type === 'aws_ecs_task_definition');
  if (typeof reference === 'string') {
    const named = definitions.find((definition) => {
      const family = stringOf(definition.values, 'family');
      return family !== undefined && (reference === family || reference.startsWith(`${family}:`) || reference.includes(`:task-definition/${family}:`));
    });
    if (named) return named;
  }
  return definitions.length === 1 ? definitions[0] : undefined;
}

/** `; autoscaling 1–4: desired count priced` from the scalable target of the service, if any. */
function autoscalingRange(service: TerraformResource, { all }: RuleContext): string {
  const name = stringOf(service.values, 'name');
  const target = all.find(
    (candidate) =>
      candidate.type === 'aws_appautoscaling_target' &&
      stringOf(candidate.values, 'scalable_dimension') === 'ecs:service:DesiredCount' &&
      typeof candidate.values.resource_id === 'string' &&
      (candidate.values.resource_id.includes(`${service.address}.`) || (name !== undefined && candidate.values.resource_id.endsWith(`/${name}`))),
  );
  if (!target) return '';
  return `; autoscaling ${numberOf(target.values, 'min_capacity') ?? '?'}–${numberOf(target.values, 'max_capacity') ?? '?'} tasks: desired count priced`;
}

export const NETWORK_COMPUTE_RULES: Readonly<Record<string, PriceRule>> = {
  aws_nat_gateway: natGateway,
  aws_eip: elasticIp,
  aws_vpc_endpoint: vpcEndpoint,
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_eks_cluster: eksCluster,
  aws_eks_node_group: eksNodeGroup,
  aws_instance: ec2Instance,
  aws_ecs_service: ecsService,
};
