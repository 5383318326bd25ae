/**
 * The namespace label that turns on the AWS Load Balancer Controller's pod readiness gate injection: with IP targets,
 * a new pod of that namespace counts as ready only once the ALB's target group sees it healthy, so a rolling update
 * never sends traffic to a pod the load balancer cannot reach yet. Set on every namespace whose pods an Ingress of
 * the shared ALB routes to (the application namespaces, and `monitoring` for Grafana).
 */
export const ALB_READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';

/** The value of {@link ALB_READINESS_GATE_LABEL} that turns the injection on. */
export const ALB_READINESS_GATE_ENABLED = 'enabled';
