/** A Helm chart pinned to one exact version. */
export interface HelmChart {
  /** Chart repository URL. */
  readonly repository: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Exact chart version; never a range, so a plan never changes by itself. */
  readonly version: string;
}
