import { AlertingProblems } from './alerting-config-error';
import { ALERTMANAGER_RECEIVER_SECRET } from './alert-types';

/** A key of the receiver-credentials Secret. */
export type AlertmanagerReceiverSecretKey = (typeof ALERTMANAGER_RECEIVER_SECRET.keys)[keyof typeof ALERTMANAGER_RECEIVER_SECRET.keys];

export interface AlertmanagerReceivers {
  /**
   * Page critical alerts through PagerDuty (Events API v2). The integration's routing key is read from
   * `<secret mount>/pagerduty-routing-key`.
   * @default - no paging: critical alerts go to Slack (when configured) and email
   */
  readonly pagerDuty?: Readonly<Record<string, never>>;
  /**
   * Post warnings (and critical alerts) to a Slack channel through an incoming webhook, whose URL is read from
   * `<secret mount>/slack-webhook-url`.
   * @default - no Slack: warnings go to email
   */
  readonly slack?: {
    /** Channel, such as `#platform-alerts`. */
    readonly channel: string;
  };
  /** Email, the receiver of info alerts and of anything no other route takes. */
  readonly email: {
    /** Recipients. */
    readonly to: readonly string[];
    /** Sender address. */
    readonly from: string;
    /** SMTP server as `host:port`, such as `email-smtp.eu-central-1.amazonaws.com:587`; TLS is required. */
    readonly smarthost: string;
    /**
     * SMTP user name; the password is read from `<secret mount>/smtp-password`.
     * @default - no SMTP authentication
     */
    readonly authUsername?: string;
  };
}

/** A recurring period in which warning and info notifications are muted. Critical alerts still page. */
export interface MaintenanceWindow {
  /** Name of the Alertmanager time interval, unique, such as `weekly-patching`. */
  readonly name: string;
  /** Weekdays or ranges, such as `['saturday', 'sunday']` or `['monday:friday']`. @default - every day */
  readonly weekdays?: readonly string[];
  /** Times of day, `HH:MM` (24-hour, end exclusive, `24:00` allowed), in `location`. @default - the whole day */
  readonly times?: readonly { readonly start: string; readonly end: string }[];
  /** IANA time zone of `times` and `weekdays`, such as `Europe/Berlin`. @default 'UTC' */
  readonly location?: string;
}

export interface AlertmanagerConfigOptions {
  readonly receivers: AlertmanagerReceivers;
  /** @default - none */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
  /** Labels alerts are grouped into one notification by. @default ['alertname', 'namespace', 'service'] */
  readonly groupBy?: readonly string[];
}

export type AlertmanagerRoute = {
  readonly receiver: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly continue?: boolean;
  readonly mute_time_intervals?: readonly string[];
  readonly routes?: readonly AlertmanagerRoute[];
};

export type AlertmanagerReceiver = { readonly name: string; readonly [integration: string]: unknown };

export type AlertmanagerInhibitRule = {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
};

export type AlertmanagerTimeInterval = {
  readonly name: string;
  readonly time_intervals: readonly {
    readonly weekdays?: readonly string[];
    readonly times?: readonly { readonly start_time: string; readonly end_time: string }[];
    readonly location: string;
  }[];
};

/** Alertmanager's configuration file as an object: what kube-prometheus-stack's `alertmanager.config` value takes. */
export type AlertmanagerConfig = {
  readonly global: { readonly resolve_timeout: string };
  readonly route: AlertmanagerRoute;
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules: readonly AlertmanagerInhibitRule[];
  readonly time_intervals?: readonly AlertmanagerTimeInterval[];
};

export const DEFAULT_ALERT_GROUP_BY = ['alertname', 'namespace', 'service'] as const;

/** Labels an inhibiting and an inhibited alert must share: the same problem, seen at two severities. */
const INHIBIT_EQUAL = ['alertname', 'namespace', 'service'];

/**
 * Always-firing alerts of kube-prometheus-stack's default rules: Watchdog is a dead man's switch for an external
 * heartbeat service, InfoInhibitor a helper for inhibiting info alerts. Notifying on them would send a message every
 * repeat interval, so they go to a receiver without integrations.
 */
const SILENT_ALERTS = ['Watchdog', 'InfoInhibitor'];

const RECEIVER = { pagerDuty: 'pagerduty', slack: 'slack', email: 'email', silent: 'null' } as const;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const EMAIL = /^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Alertmanager's configuration: routing by the `severity` label, inhibition and maintenance windows.
 *
 * - `critical` pages PagerDuty (group_wait 10s, repeat 1h) and, with `continue: true`, also posts to Slack when
 *   configured. Without PagerDuty, critical alerts go to Slack and to email, so they reach people even when one
 *   channel is unread or down.
 * - `warning` goes to Slack, or to email without Slack; `info`, and anything without a known severity, to email.
 * - A critical alert inhibits the warning and info alerts of the same alertname, namespace and service; a warning
 *   inhibits info likewise, so one problem notifies once, at its highest severity.
 * - Maintenance windows mute the warning and info routes only: critical alerts still page, because an outage during
 *   maintenance is still an outage, and silences (not config) are the tool for expected critical alerts.
 *
 * Credentials are read from files of the {@link ALERTMANAGER_RECEIVER_SECRET} Secret mounted into Alertmanager
 * (`routing_key_file`, `api_url_file`, `auth_password_file`), never inlined: the config lands in Helm values and
 * Terraform state. {@link receiverSecretKeys} lists the keys the config reads. Valid for Alertmanager 0.27+
 * (`matchers` and `source_matchers`/`target_matchers`, not the deprecated `match`).
 */
export function alertmanagerConfig(options: AlertmanagerConfigOptions): AlertmanagerConfig {
  validate(options);
  const { pagerDuty, slack, email } = options.receivers;
  const windows = options.maintenanceWindows ?? [];
  // Fresh arrays per route: shared ones would be dumped as YAML anchors, which are harder to read in the Secret.
  const muted = () => (windows.length === 0 ? {} : { mute_time_intervals: windows.map((window) => window.name) });
  const chat = slack === undefined ? RECEIVER.email : RECEIVER.slack;
  const criticalReceivers = [...(pagerDuty === undefined ? [] : [RECEIVER.pagerDuty]), ...(slack === undefined ? [] : [RECEIVER.slack]), ...(pagerDuty === undefined ? [RECEIVER.email] : [])];
  const criticalRoutes = criticalReceivers.map(
    (receiver, index): AlertmanagerRoute => ({
      receiver,
      matchers: ['severity="critical"'],
      group_wait: '10s',
      repeat_interval: '1h',
      ...(index < criticalReceivers.length - 1 ? { continue: true } : {}),
    }),
  );
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: RECEIVER.email,
      group_by: [...(options.groupBy ?? DEFAULT_ALERT_GROUP_BY)],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { receiver: RECEIVER.silent, matchers: [`alertname=~"${SILENT_ALERTS.join('|')}"`] },
        ...criticalRoutes,
        { receiver: chat, matchers: ['severity="warning"'], ...muted() },
        { receiver: RECEIVER.email, matchers: ['severity="info"'], repeat_interval: '24h', ...muted() },
      ],
    },
    receivers: [
      { name: RECEIVER.silent },
      ...(pagerDuty === undefined
        ? []
        : [{ name: RECEIVER.pagerDuty, pagerduty_configs: [{ routing_key_file: secretFile('pagerDutyRoutingKey'), severity: 'critical', send_resolved: true }] }]),
      ...(slack === undefined
        ? []
        : [
            {
              name: RECEIVER.slack,
              slack_configs: [
                {
                  api_url_file: secretFile('slackWebhookUrl'),
                  channel: slack.channel,
                  send_resolved: true,
                  title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})',
                  text: '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}',
                },
              ],
            },
          ]),
      {
        name: RECEIVER.email,
        email_configs: [
          {
            to: email.to.join(', '),
            from: email.from,
            smarthost: email.smarthost,
            require_tls: true,
            send_resolved: true,
            ...(email.authUsername === undefined ? {} : { auth_username: email.authUsername, auth_password_file: secretFile('smtpPassword') }),
          },
        ],
      },
    ],
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: [...INHIBIT_EQUAL] },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: [...INHIBIT_EQUAL] },
    ],
    ...(windows.length === 0 ? {} : { time_intervals: windows.map(timeInterval) }),
  };
}

/** Keys of {@link ALERTMANAGER_RECEIVER_SECRET} the configuration reads: exactly the ones the caller must sync. */
export function receiverSecretKeys(options: AlertmanagerConfigOptions): AlertmanagerReceiverSecretKey[] {
  const { keys } = ALERTMANAGER_RECEIVER_SECRET;
  const { pagerDuty, slack, email } = options.receivers;
  return [
    ...(pagerDuty === undefined ? [] : [keys.pagerDutyRoutingKey]),
    ...(slack === undefined ? [] : [keys.slackWebhookUrl]),
    ...(email.authUsername === undefined ? [] : [keys.smtpPassword]),
  ];
}

function secretFile(key: keyof typeof ALERTMANAGER_RECEIVER_SECRET.keys): string {
  return `${ALERTMANAGER_RECEIVER_SECRET.mountPath}/${ALERTMANAGER_RECEIVER_SECRET.keys[key]}`;
}

function timeInterval(window: MaintenanceWindow): AlertmanagerTimeInterval {
  return {
    name: window.name,
    time_intervals: [
      {
        ...(window.weekdays === undefined ? {} : { weekdays: [...window.weekdays] }),
        ...(window.times === undefined ? {} : { times: window.times.map(({ start, end }) => ({ start_time: start, end_time: end })) }),
        location: window.location ?? 'UTC',
      },
    ],
  };
}

function validate(options: AlertmanagerConfigOptions): void {
  const problems = new AlertingProblems();
  const { slack, email } = options.receivers;
  problems.require(email.to.length > 0, 'receivers.email', 'to', 'has no recipient', 'list at least one address: email receives info alerts and everything unrouted');
  for (const address of email.to) {
    problems.require(EMAIL.test(address), 'receivers.email', 'to', `'${address}' is not an email address`, 'write addresses such as oncall@example.com');
  }
  problems.require(EMAIL.test(email.from), 'receivers.email', 'from', `'${email.from}' is not an email address`, 'write the sender such as alertmanager@example.com');
  problems.require(/^[^\s:]+:\d+$/.test(email.smarthost), 'receivers.email', 'smarthost', `'${email.smarthost}' is not host:port`, 'write the SMTP server such as email-smtp.eu-central-1.amazonaws.com:587');
  if (email.authUsername !== undefined) {
    problems.require(email.authUsername.trim() !== '', 'receivers.email', 'authUsername', 'is empty', 'leave it out for no SMTP authentication');
  }
  if (slack !== undefined) {
    problems.require(/^#[^\s#]{1,80}$/.test(slack.channel), 'receivers.slack', 'channel', `'${slack.channel}' is not a Slack channel`, 'write the channel with its #, such as #platform-alerts');
  }
  for (const label of options.groupBy ?? []) {
    problems.require(LABEL_NAME.test(label) || label === '...', 'groupBy', label, 'is not a label name', "list label names, or '...' to group by every label");
  }
  const names = new Set<string>();
  for (const window of options.maintenanceWindows ?? []) validateWindow(window, names, problems);
  problems.throwIfAny('Alertmanager configuration');
}

function validateWindow(window: MaintenanceWindow, names: Set<string>, problems: AlertingProblems): void {
  const where = `maintenanceWindows '${window.name}'`;
  // Names must be unique in the list, which one window cannot tell.
  const duplicate = names.has(window.name) ? [{ path: ['name'], problem: 'is used by another window', fix: 'give each window its own name' }] : [];
  names.add(window.name);
  for (const { path, problem, fix } of [...duplicate, ...maintenanceWindowProblems(window)]) problems.require(false, where, String(path[0]), problem, fix);
}

/** A problem of one maintenance window: the path of its field inside the window, what is wrong and the fix. */
export interface MaintenanceWindowProblem {
  readonly path: readonly (string | number)[];
  readonly problem: string;
  readonly fix: string;
}

/**
 * What Alertmanager would refuse (or misread) in one maintenance window, with the path inside the window (`weekdays`,
 * `['times', 0]`); the environment config reports these at their full path before any construct exists.
 */
export function maintenanceWindowProblems(window: MaintenanceWindow): MaintenanceWindowProblem[] {
  const found: MaintenanceWindowProblem[] = [];
  const require = (condition: boolean, path: (string | number)[], problem: string, fix: string) => {
    if (!condition) found.push({ path, problem, fix });
    return condition;
  };
  require(/^[A-Za-z0-9_-]+$/.test(window.name), ['name'], 'is not a time interval name', 'use letters, digits, - and _, such as weekly-patching');
  require(
    (window.weekdays?.length ?? 0) > 0 || (window.times?.length ?? 0) > 0,
    ['weekdays'],
    'and times are both empty, so the window would mute warnings at all times',
    'set weekdays, times or both',
  );
  (window.weekdays ?? []).forEach((weekday, index) => {
    const [first, last = first, ...rest] = weekday.split(':');
    require(
      rest.length === 0 && WEEKDAYS.includes(first) && WEEKDAYS.includes(last) && WEEKDAYS.indexOf(first) <= WEEKDAYS.indexOf(last),
      ['weekdays', index],
      `'${weekday}' is not a weekday or range of weekdays`,
      "write lower-case names such as 'saturday' or a range within one week such as 'monday:friday' (weeks start on sunday)",
    );
  });
  (window.times ?? []).forEach(({ start, end }, index) => {
    const valid = TIME_OF_DAY.test(start) && TIME_OF_DAY.test(end);
    require(valid, ['times', index], `'${start}'-'${end}' is not a pair of HH:MM times`, "write 24-hour times such as { start: '22:00', end: '24:00' }");
    if (valid) {
      require(start < end, ['times', index], `start ${start} is not before end ${end}`, 'split a window over midnight in two, such as 22:00-24:00 and 00:00-02:00');
    }
  });
  const location = window.location ?? 'UTC';
  require(isTimeZone(location), ['location'], `'${location}' is not an IANA time zone`, 'write a zone such as Europe/Berlin or UTC');
  return found;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name !== '';
  } catch {
    return false;
  }
}
