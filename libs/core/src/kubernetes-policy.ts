/**
 * What the Kubernetes guardrails (synthesis time, @platform/guardrails) and the in-cluster admission policy (run time,
 * Kyverno in @platform/cluster-addons) share: the namespaces both exempt, and the shape of a rule's admission check.
 */

/**
 * Namespaces exempt from the host-access rules (hostNetwork/hostPID/hostIPC, hostPath) and excluded from every
 * admission policy, each with the reason. Nothing else is exempt: an application namespace never is.
 */
export const SYSTEM_NAMESPACES: Readonly<Record<string, string>> = {
  'kube-system':
    'the EKS add-ons (VPC CNI aws-node, kube-proxy, EBS CSI node) run on the host network with hostPath mounts, and a policy that blocked them would stop every node from networking',
  'kube-node-lease': "holds only the nodes' Lease objects, owned by Kubernetes",
  'kube-public': 'holds only the public cluster-info ConfigMap, owned by Kubernetes',
  monitoring:
    'the node exporter of kube-prometheus-stack reads the node through hostNetwork, hostPID and hostPath /proc and /sys, and the log collector (Alloy) reads /var/log/pods by hostPath; the namespace is PSS privileged for them',
  'amazon-guardduty':
    "GuardDuty Runtime Monitoring's security agent (the EKS add-on GuardDuty installs when the security baseline turns it on) is a privileged DaemonSet reading the host's processes through eBPF; GuardDuty owns the namespace and its pods",
  kyverno:
    "the admission controller itself: its webhooks never judge its own pods, so a broken policy cannot keep Kyverno from restarting (Kyverno's own default)",
};

/** The names of {@link SYSTEM_NAMESPACES}. */
export const SYSTEM_NAMESPACE_NAMES: readonly string[] = Object.keys(SYSTEM_NAMESPACES);

/**
 * How a guardrail is enforced at admission: the body of a Kyverno `validate` rule (a `pattern`, an `anyPattern` or a
 * `deny`/`foreach` block, https://kyverno.io/docs/policy-types/cluster-policy/validate/) over the kinds it matches.
 * A ClusterPolicy is generated from every rule that has one; the message is the rule's description and fix.
 */
export interface KubernetesAdmission {
  /**
   * Kinds the check matches, e.g. `['Pod']` (Kyverno generates the Deployment, Job, ... rules from Pod ones).
   * Cluster-scoped kinds (ClusterRole, ClusterRoleBinding) belong to no namespace, so they are audited, never enforced.
   */
  readonly kinds: readonly string[];
  /** The Kyverno validate body without `message` and `failureAction`: `{ pattern }`, `{ anyPattern }`, `{ deny }` or `{ foreach }`. */
  readonly validate: Readonly<Record<string, unknown>>;
}
