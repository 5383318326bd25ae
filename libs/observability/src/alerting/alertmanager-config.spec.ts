import { ALERTMANAGER_RECEIVER_SECRET } from './alert-types';
import { AlertmanagerConfig, AlertmanagerConfigOptions, AlertmanagerRoute, alertmanagerConfig, receiverSecretKeys } from './alertmanager-config';

const SECRETS = ALERTMANAGER_RECEIVER_SECRET.mountPath;
const email = { to: ['oncall@example.com', 'platform@example.com'], from: 'alertmanager@example.com', smarthost: 'email-smtp.eu-central-1.amazonaws.com:587' };
const everything: AlertmanagerConfigOptions = {
  receivers: { pagerDuty: {}, slack: { channel: '#platform-alerts' }, email: { ...email, authUsername: 'AKIAEXAMPLE' } },
  maintenanceWindows: [{ name: 'weekly-patching', weekdays: ['saturday'], times: [{ start: '02:00', end: '04:00' }], location: 'Europe/Berlin' }],
};

/** The receivers an alert with these labels notifies, following Alertmanager's matching and `continue` semantics. */
function receiversFor(config: AlertmanagerConfig, labels: Record<string, string>): string[] {
  const matches = (route: AlertmanagerRoute) =>
    (route.matchers ?? []).every((matcher) => {
      const [, name, operator, value] = /^(\w+)(=~|=)"(.*)"$/.exec(matcher) ?? [];
      return operator === '=' ? labels[name] === value : new RegExp(`^(?:${value})$`).test(labels[name] ?? '');
    });
  const reached: string[] = [];
  for (const route of config.route.routes ?? []) {
    if (!matches(route)) continue;
    reached.push(route.receiver);
    if (!route.continue) break;
  }
  return reached.length > 0 ? reached : [config.route.receiver];
}

describe('alertmanagerConfig', () => {
  const config = alertmanagerConfig(everything);

  it('routes by severity: critical pages and posts to Slack, warning to Slack, info and the rest to email', () => {
    expect(receiversFor(config, { severity: 'critical' })).toEqual(['pagerduty', 'slack']);
    expect(receiversFor(config, { severity: 'warning' })).toEqual(['slack']);
    expect(receiversFor(config, { severity: 'info' })).toEqual(['email']);
    expect(receiversFor(config, { severity: 'none', alertname: 'Unrouted' })).toEqual(['email']);
    expect(receiversFor(config, { severity: 'none', alertname: 'Watchdog' })).toEqual(['null']);
  });

  it('pages critical alerts quickly and repeats them hourly', () => {
    expect(config.route).toMatchObject({ receiver: 'email', group_by: ['alertname', 'namespace', 'service'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' });
    expect(config.route.routes).toEqual([
      { receiver: 'null', matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
      { receiver: 'pagerduty', matchers: ['severity="critical"'], group_wait: '10s', repeat_interval: '1h', continue: true },
      { receiver: 'slack', matchers: ['severity="critical"'], group_wait: '10s', repeat_interval: '1h' },
      { receiver: 'slack', matchers: ['severity="warning"'], mute_time_intervals: ['weekly-patching'] },
      { receiver: 'email', matchers: ['severity="info"'], repeat_interval: '24h', mute_time_intervals: ['weekly-patching'] },
    ]);
  });

  it('keeps the root route free of matchers and mute intervals, as Alertmanager requires', () => {
    expect(config.route).not.toHaveProperty('matchers');
    expect(config.route).not.toHaveProperty('mute_time_intervals');
  });

  it('reads every credential from a file of the mounted receiver Secret, never inline', () => {
    expect(config.receivers).toEqual([
      { name: 'null' },
      { name: 'pagerduty', pagerduty_configs: [{ routing_key_file: `${SECRETS}/pagerduty-routing-key`, severity: 'critical', send_resolved: true }] },
      {
        name: 'slack',
        slack_configs: [expect.objectContaining({ api_url_file: `${SECRETS}/slack-webhook-url`, channel: '#platform-alerts', send_resolved: true })],
      },
      {
        name: 'email',
        email_configs: [
          {
            to: 'oncall@example.com, platform@example.com',
            from: 'alertmanager@example.com',
            smarthost: 'email-smtp.eu-central-1.amazonaws.com:587',
            require_tls: true,
            send_resolved: true,
            auth_username: 'AKIAEXAMPLE',
            auth_password_file: `${SECRETS}/smtp-password`,
          },
        ],
      },
    ]);
    const json = JSON.stringify(config);
    for (const inlineSecret of ['"routing_key"', '"service_key"', '"api_url"', '"auth_password"', '"auth_secret"']) expect(json).not.toContain(inlineSecret);
  });

  it('lets a critical alert silence the warning and info alerts of the same problem, and a warning the info ones', () => {
    expect(config.inhibit_rules).toEqual([
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ['alertname', 'namespace', 'service'] },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: ['alertname', 'namespace', 'service'] },
    ]);
  });

  it('turns maintenance windows into time intervals that mute warnings and info but never critical alerts', () => {
    expect(config.time_intervals).toEqual([
      { name: 'weekly-patching', time_intervals: [{ weekdays: ['saturday'], times: [{ start_time: '02:00', end_time: '04:00' }], location: 'Europe/Berlin' }] },
    ]);
    const critical = (config.route.routes ?? []).filter((route) => route.matchers?.includes('severity="critical"'));
    expect(critical.every((route) => route.mute_time_intervals === undefined)).toBe(true);
  });

  it('references only receivers and time intervals it defines', () => {
    const receiverNames = config.receivers.map((receiver) => receiver.name);
    const intervalNames = (config.time_intervals ?? []).map((interval) => interval.name);
    for (const route of [config.route, ...(config.route.routes ?? [])]) {
      expect(receiverNames).toContain(route.receiver);
      for (const interval of route.mute_time_intervals ?? []) expect(intervalNames).toContain(interval);
    }
  });

  it('without PagerDuty sends critical alerts to Slack and email', () => {
    const withoutPager = alertmanagerConfig({ receivers: { slack: { channel: '#alerts' }, email } });
    expect(receiversFor(withoutPager, { severity: 'critical' })).toEqual(['slack', 'email']);
    expect(withoutPager.receivers.map((receiver) => receiver.name)).toEqual(['null', 'slack', 'email']);
  });

  it('without Slack sends warnings to email, and pages critical alerts without continuing', () => {
    const pagerOnly = alertmanagerConfig({ receivers: { pagerDuty: {}, email } });
    expect(receiversFor(pagerOnly, { severity: 'critical' })).toEqual(['pagerduty']);
    expect(receiversFor(pagerOnly, { severity: 'warning' })).toEqual(['email']);
    expect(pagerOnly.route.routes?.find((route) => route.receiver === 'pagerduty')).not.toHaveProperty('continue');
  });

  it('with email alone sends everything to email, without SMTP auth or time intervals', () => {
    const emailOnly = alertmanagerConfig({ receivers: { email }, groupBy: ['alertname', 'cluster'] });
    expect(['critical', 'warning', 'info'].map((severity) => receiversFor(emailOnly, { severity }))).toEqual([['email'], ['email'], ['email']]);
    expect(emailOnly.route.group_by).toEqual(['alertname', 'cluster']);
    expect(emailOnly).not.toHaveProperty('time_intervals');
    expect(JSON.stringify(emailOnly)).not.toContain('auth_');
  });

  it('rejects bad receivers and maintenance windows, listing every problem with its fix', () => {
    expect(() =>
      alertmanagerConfig({
        receivers: { slack: { channel: 'platform-alerts' }, email: { to: ['oncall'], from: 'alertmanager@example.com', smarthost: 'smtp.example.com' } },
        groupBy: ['alert-name'],
        maintenanceWindows: [
          { name: 'weekend', weekdays: ['Saturday', 'saturday:sunday', 'funday'] },
          { name: 'nightly', times: [{ start: '22:00', end: '02:00' }, { start: '7:00', end: '25:00' }], location: 'Mars/Olympus' },
          { name: 'weekend' },
        ],
      }),
    ).toThrow(
      [
        'Alertmanager configuration: 12 problems to fix:',
        "  - receivers.email: to: 'oncall' is not an email address. Fix: write addresses such as oncall@example.com",
        "  - receivers.email: smarthost: 'smtp.example.com' is not host:port. Fix: write the SMTP server such as email-smtp.eu-central-1.amazonaws.com:587",
        "  - receivers.slack: channel: 'platform-alerts' is not a Slack channel. Fix: write the channel with its #, such as #platform-alerts",
        "  - groupBy: alert-name: is not a label name. Fix: list label names, or '...' to group by every label",
        "  - maintenanceWindows 'weekend': weekdays: 'Saturday' is not a weekday or range of weekdays. Fix: write lower-case names such as 'saturday' or a range within one week such as 'monday:friday' (weeks start on sunday)",
        "  - maintenanceWindows 'weekend': weekdays: 'saturday:sunday' is not a weekday or range of weekdays. Fix: write lower-case names such as 'saturday' or a range within one week such as 'monday:friday' (weeks start on sunday)",
        "  - maintenanceWindows 'weekend': weekdays: 'funday' is not a weekday or range of weekdays. Fix: write lower-case names such as 'saturday' or a range within one week such as 'monday:friday' (weeks start on sunday)",
        "  - maintenanceWindows 'nightly': times: start 22:00 is not before end 02:00. Fix: split a window over midnight in two, such as 22:00-24:00 and 00:00-02:00",
        "  - maintenanceWindows 'nightly': times: '7:00'-'25:00' is not a pair of HH:MM times. Fix: write 24-hour times such as { start: '22:00', end: '24:00' }",
        "  - maintenanceWindows 'nightly': location: 'Mars/Olympus' is not an IANA time zone. Fix: write a zone such as Europe/Berlin or UTC",
        "  - maintenanceWindows 'weekend': name: is used by another window. Fix: give each window its own name",
        "  - maintenanceWindows 'weekend': weekdays: and times are both empty, so the window would mute warnings at all times. Fix: set weekdays, times or both",
      ].join('\n'),
    );
  });

  it('rejects an email receiver without recipients', () => {
    expect(() => alertmanagerConfig({ receivers: { email: { ...email, to: [] } } })).toThrow(
      'receivers.email: to: has no recipient. Fix: list at least one address: email receives info alerts and everything unrouted',
    );
  });
});

describe('receiverSecretKeys', () => {
  it('lists exactly the Secret keys the configuration reads', () => {
    expect(receiverSecretKeys(everything)).toEqual(['pagerduty-routing-key', 'slack-webhook-url', 'smtp-password']);
    expect(receiverSecretKeys({ receivers: { slack: { channel: '#alerts' }, email } })).toEqual(['slack-webhook-url']);
    expect(receiverSecretKeys({ receivers: { email } })).toEqual([]);
  });

  it('matches the *_file paths in the configuration', () => {
    const files = JSON.stringify(alertmanagerConfig(everything)).match(/"\w+_file":"[^"]+"/g) ?? [];
    expect(files.map((entry) => entry.split('/').pop()?.replace('"', ''))).toEqual(receiverSecretKeys(everything));
  });
});
