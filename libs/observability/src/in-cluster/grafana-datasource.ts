/**
 * A Grafana data source as Grafana's provisioning files describe it; KubePrometheusStack provisions these
 * (`grafana.additionalDataSources`) next to the Prometheus and Alertmanager data sources the chart adds itself.
 */
export interface GrafanaDatasource {
  /** Name shown in Grafana, e.g. `Loki`. */
  readonly name: string;
  /** Plugin id, e.g. `loki` or `tempo`. */
  readonly type: string;
  /** Stable id that dashboards and other data sources reference. */
  readonly uid: string;
  /** URL Grafana's backend queries. */
  readonly url: string;
  /** Grafana's server queries the data source (the browser never reaches in-cluster URLs). */
  readonly access: 'proxy';
  /** Provisioned data sources are changed in code, not in the UI. */
  readonly editable: false;
  /** Type-specific settings. */
  readonly jsonData?: Readonly<Record<string, unknown>>;
}

