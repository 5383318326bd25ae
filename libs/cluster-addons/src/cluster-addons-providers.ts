import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ConstructValidationError } from '@platform/core';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AWS_REGION, matchesOrToken, requireFormat } from './private/validation';

export interface ClusterAddonsProvidersProps {
  /** Name of the EKS cluster, e.g. `platform-production`. */
  readonly clusterName: string;
  /** API server endpoint of the cluster (`https://...`), e.g. the cluster stack's output. */
  readonly endpoint: string;
  /** Base64-encoded certificate authority data of the cluster, exactly as EKS returns it. */
  readonly certificateAuthorityData: string;
  /** Region of the cluster, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * Command that prints an ExecCredential for the cluster.
   * @default 'aws' - the AWS CLI v2 (`aws eks get-token`), with the credentials Terraform runs with
   */
  readonly awsCliCommand?: string;
}

/** The exec credential plugin configuration both providers share. */
export interface ClusterExecCredential {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: string[];
}

/**
 * The Kubernetes and Helm providers of a cluster add-ons stack, configured from the cluster's outputs. Both
 * authenticate with a short-lived token from `aws eks get-token` at every run, never a static token, so no
 * credential is written to the plan or the state.
 */
export class ClusterAddonsProviders extends Construct {
  static readonly EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;
  /** The exec credential plugin configuration of both providers. */
  readonly exec: ClusterExecCredential;

  constructor(scope: Construct, id: string, props: ClusterAddonsProvidersProps) {
    super(scope, id);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(props.clusterName !== '', 'clusterName', 'is empty', 'pass the name of the EKS cluster');
    require(matchesOrToken(props.endpoint, /^https:\/\/\S+$/), 'endpoint', `'${props.endpoint}' is not an https URL`, "pass the cluster's API server endpoint, e.g. the cluster stack's output");
    require(props.certificateAuthorityData !== '', 'certificateAuthorityData', 'is empty', "pass the cluster's base64-encoded certificate authority data");
    requireFormat(this, props.region, 'region', AWS_REGION, 'an AWS region', 'use a region name such as eu-central-1');

    this.exec = {
      apiVersion: ClusterAddonsProviders.EXEC_API_VERSION,
      command: props.awsCliCommand ?? 'aws',
      args: ['eks', 'get-token', '--cluster-name', props.clusterName, '--region', props.region],
    };
    const clusterCaCertificate = Fn.base64decode(props.certificateAuthorityData);

    this.kubernetes = new KubernetesProvider(this, 'Kubernetes', {
      host: props.endpoint,
      clusterCaCertificate,
      exec: [{ ...this.exec, args: [...this.exec.args] }],
    });
    this.helm = new HelmProvider(this, 'Helm', {
      kubernetes: {
        host: props.endpoint,
        clusterCaCertificate,
        exec: { ...this.exec, args: [...this.exec.args] },
      },
    });
  }
}
