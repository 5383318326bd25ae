import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { requirement } from '@platform/core';
import { Construct } from 'constructs';

/** Where GuardDuty's managed runtime agent runs: the EKS add-on, the ECS Fargate sidecar, or EC2 instances. */
export type RuntimeAgent = 'EKS' | 'ECS_FARGATE' | 'EC2';

/** `additional_configuration` names of the runtime agents GuardDuty manages. */
const AGENT_MANAGEMENT: Readonly<Record<RuntimeAgent, string>> = {
  EKS: 'EKS_ADDON_MANAGEMENT',
  ECS_FARGATE: 'ECS_FARGATE_AGENT_MANAGEMENT',
  EC2: 'EC2_AGENT_MANAGEMENT',
};

export interface ThreatDetectionProps {
  /**
   * S3 Protection: GuardDuty analyses the S3 data events of every bucket of the region.
   * @default true
   */
  readonly s3Protection?: boolean;
  /**
   * EKS Protection: GuardDuty reads the audit logs of every EKS cluster of the region.
   * @default true
   */
  readonly eksAuditLogs?: boolean;
  /**
   * Runtime Monitoring by the agents GuardDuty deploys and updates itself (`[]`: off).
   * @default ['EKS']
   */
  readonly runtimeMonitoring?: readonly RuntimeAgent[];
  /**
   * RDS Protection: login activity of the region's Aurora and RDS PostgreSQL databases.
   * @default true
   */
  readonly rdsLoginProtection?: boolean;
}

/**
 * The GuardDuty detector of one region (FSBP GuardDuty.1) with its protection plans as detector features (the
 * detector's `datasources` block is deprecated): S3 data events, EKS audit logs, Runtime Monitoring with managed agents
 * and RDS login activity. Findings are published every 15 minutes (the default is six hours), so the monitoring
 * stack's EventBridge rules route them while they matter. Every switch is explicit: a feature turned off is sent as
 * `DISABLED`, never left to the account's earlier state.
 */
export class ThreatDetection extends Construct {
  readonly detector: GuarddutyDetector;
  readonly features: Readonly<Record<string, GuarddutyDetectorFeature>>;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps = {}) {
    super(scope, id);
    const runtimeAgents = props.runtimeMonitoring ?? ['EKS'];
    const unknown = runtimeAgents.filter((agent) => !(agent in AGENT_MANAGEMENT));
    requirement(this)(unknown.length === 0, 'runtimeMonitoring', `'${unknown.join("', '")}' is not a runtime agent`, `list ${Object.keys(AGENT_MANAGEMENT).join(', ')} or none`);

    this.detector = new GuarddutyDetector(this, 'Detector', { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
    const features: Record<string, GuarddutyDetectorFeature> = {};
    const feature = (name: string, on: boolean, additionalConfiguration?: { name: string; status: string }[]) => {
      features[name] = new GuarddutyDetectorFeature(this, `Feature-${name}`, { detectorId: this.detector.id, name, status: status(on), additionalConfiguration });
    };
    feature('S3_DATA_EVENTS', props.s3Protection ?? true);
    feature('EKS_AUDIT_LOGS', props.eksAuditLogs ?? true);
    feature('RDS_LOGIN_EVENTS', props.rdsLoginProtection ?? true);
    // RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING; the two may not both be set on a detector.
    feature(
      'RUNTIME_MONITORING',
      runtimeAgents.length > 0,
      (Object.keys(AGENT_MANAGEMENT) as RuntimeAgent[]).map((agent) => ({ name: AGENT_MANAGEMENT[agent], status: status(runtimeAgents.includes(agent)) })),
    );
    this.features = features;
  }
}
