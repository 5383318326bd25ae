/**
 * Requests and limits of a container, as Kubernetes takes them. No CPU limit: CFS throttling would slow the
 * component down exactly under load, while memory limits keep a leak from taking the node with it.
 */
export interface ContainerResources {
  /** What the scheduler reserves, e.g. `{ cpu: '500m', memory: '2Gi' }`. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** Memory beyond which the container is killed, e.g. `{ memory: '4Gi' }`. */
  readonly limits: { readonly memory: string };
}

