import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { ConstructValidationError } from '@platform/core';
import { Construct } from 'constructs';
import { GrafanaDashboardJson } from '../alerting/alert-types';
import { MonitoringPlacementProps } from './observability-charts';
import { namespaceOf } from './private/observability-release';
import { terraformLiteral } from './private/terraform-literal';
import { DNS_SUBDOMAIN } from './private/validation';

/** Label by which Grafana's dashboard sidecar (KubePrometheusStack) finds dashboard ConfigMaps. */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;
/** Annotation naming the Grafana folder of a dashboard ConfigMap (the sidecar's `folderAnnotation`). */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/** Grafana's dashboard uid: letters, digits, `-` and `_`, at most 40 characters. */
const DASHBOARD_UID = /^[A-Za-z0-9_-]{1,40}$/;
/** What the API server accepts in one ConfigMap (etcd's object size limit). */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

export interface GrafanaDashboardConfigMapsProps extends MonitoringPlacementProps {
  /** Dashboards, each with its own uid; they must live in Grafana's namespace, where its sidecar looks. */
  readonly dashboards: readonly GrafanaDashboardJson[];
  /**
   * Grafana folder of the dashboards.
   * @default - Grafana's General folder
   */
  readonly folder?: string;
}

/**
 * One ConfigMap per Grafana dashboard, keyed by the dashboard's uid (adding a dashboard adds one ConfigMap, changing
 * one replaces nothing else), labelled for Grafana's dashboard sidecar, which loads `<uid>.json` and reloads it on
 * change.
 */
export class GrafanaDashboardConfigMaps extends Construct {
  /** ConfigMap per dashboard uid. */
  readonly configMaps: Readonly<Record<string, ConfigMapV1>>;

  constructor(scope: Construct, id: string, props: GrafanaDashboardConfigMapsProps) {
    super(scope, id);
    const namespace = namespaceOf(this, props);
    const require = (condition: boolean, field: string, problem: string, fix: string) => ConstructValidationError.require(this, condition, field, problem, fix);
    require(props.dashboards.length > 0, 'dashboards', 'is empty', 'give at least one dashboard');
    if (props.folder !== undefined) {
      require(/^[^/\\]{1,255}$/.test(props.folder.trim()), 'folder', `'${props.folder}' is not a folder name`, 'name one folder, without slashes');
    }
    const uidOfName = new Map<string, string>();
    for (const { uid } of props.dashboards) {
      const name = GrafanaDashboardConfigMaps.configMapName(uid);
      const fix = 'use at most 40 letters, digits, hyphens and underscores, starting and ending with a letter or digit';
      require(DASHBOARD_UID.test(uid) && DNS_SUBDOMAIN.test(name), 'dashboards', `uid '${uid}' is not a Grafana dashboard uid`, fix);
      const other = uidOfName.get(name);
      const problem = other === uid ? `uid '${uid}' is given twice` : `uids '${other}' and '${uid}' name the same ConfigMap ${name}`;
      require(other === undefined, 'dashboards', problem, 'give each dashboard its own uid, not differing only in case or in - versus _');
      uidOfName.set(name, uid);
    }

    const configMaps: Record<string, ConfigMapV1> = {};
    for (const dashboard of props.dashboards) {
      const json = JSON.stringify(dashboard);
      const bytes = Buffer.byteLength(json);
      require(bytes <= CONFIG_MAP_MAX_BYTES, `dashboards.${dashboard.uid}`, `is ${bytes} bytes, more than a ConfigMap holds`, 'split the dashboard');
      configMaps[dashboard.uid] = new ConfigMapV1(this, `Dashboard-${dashboard.uid}`, {
        metadata: {
          name: GrafanaDashboardConfigMaps.configMapName(dashboard.uid),
          namespace,
          labels: { [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value },
          annotations: props.folder === undefined ? undefined : { [GRAFANA_FOLDER_ANNOTATION]: props.folder },
        },
        data: { [`${dashboard.uid}.json`]: terraformLiteral(json) },
        dependsOn: props.dependsOn,
      });
    }
    this.configMaps = configMaps;
  }

  /** Name of a dashboard's ConfigMap: the uid made a valid object name. */
  static configMapName(uid: string): string {
    return `grafana-dashboard-${uid.toLowerCase().replace(/_/g, '-')}`;
  }
}
