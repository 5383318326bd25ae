import type { Severity } from '../alerting/alert-types';

/** ARN of the SNS topic each severity's alarms notify ({@link AlarmTopics.topicArns}). */
export type AlarmTopicArns = Readonly<Record<Severity, string>>;

/** What every per-service alarm construct needs. */
export interface ServiceAlarmsProps {
  /**
   * Prefix of alarm names, e.g. `platform-production`: an alarm is `<namePrefix>-<service>-<what>`, e.g.
   * `platform-production-rds-primary-cpu-high`. Letters, digits and hyphens, starting with a letter.
   */
  readonly namePrefix: string;
  /** SNS topic per severity; every alarm notifies its severity's topic on ALARM and on OK. */
  readonly topicArns: AlarmTopicArns;
}
