import { Rule } from '../rule';
import { KUBERNETES_HELM_RULES } from './kubernetes-helm-rules';
import { KUBERNETES_NETWORK_RULES } from './kubernetes-network-rules';
import { KUBERNETES_POD_RULES } from './kubernetes-pod-rules';
import { KUBERNETES_RBAC_RULES } from './kubernetes-rbac-rules';
import { KUBERNETES_WORKLOAD_RULES } from './kubernetes-workload-rules';

/** Every Kubernetes rule; the in-cluster admission policy is generated from those with an `admission` check. */
export const KUBERNETES_RULES: readonly Rule[] = [
  ...KUBERNETES_POD_RULES,
  ...KUBERNETES_WORKLOAD_RULES,
  ...KUBERNETES_NETWORK_RULES,
  ...KUBERNETES_RBAC_RULES,
  ...KUBERNETES_HELM_RULES,
];
