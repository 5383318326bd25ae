import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ALB_READINESS_GATE_ENABLED, ALB_READINESS_GATE_LABEL } from '@platform/core';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { MONITORING_NAMESPACE } from './observability-charts';
import { DNS_LABEL, requireFormat } from './private/validation';

export interface MonitoringNamespaceProps {
  /**
   * Name of the namespace.
   * @default 'monitoring'
   */
  readonly name?: string;
  /**
   * Resources to create first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The namespace of the observability stack. It enforces the `privileged` Pod Security Standard because
 * node-exporter (host network, PID namespace and root filesystem) and the log collector (the node's `/var/log`)
 * need host access; audit and warn stay at `baseline`, so anything else that needs it still shows up.
 *
 * Pass {@link MonitoringNamespace.name} as the `namespace` of the other in-cluster constructs: the reference makes
 * Terraform create the namespace before their releases, Secrets and ConfigMaps.
 */
export class MonitoringNamespace extends Construct {
  readonly namespace: NamespaceV1;
  /** The namespace's name, as a reference to the namespace resource. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: MonitoringNamespaceProps = {}) {
    super(scope, id);
    const name = props.name ?? MONITORING_NAMESPACE;
    requireFormat(this, name, 'name', DNS_LABEL, 'a namespace name', 'use lower-case letters, digits and hyphens, e.g. monitoring');

    this.namespace = new NamespaceV1(this, 'Resource', {
      metadata: {
        name,
        labels: {
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/audit': 'baseline',
          'pod-security.kubernetes.io/warn': 'baseline',
          // Grafana is served by the shared ALB (IP targets): its rollouts wait for the target group.
          [ALB_READINESS_GATE_LABEL]: ALB_READINESS_GATE_ENABLED,
        },
      },
      dependsOn: props.dependsOn,
    });
    this.name = this.namespace.metadata.name;
  }
}
