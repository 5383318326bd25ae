import { durationSeconds } from '@platform/observability';
import { deliveryOf, SEED_003_CANARY_STEPS, ServiceSpec } from '@platform/workloads';

/** The shortest wait before RolloutPausedTooLong warns (releaseRules' default). */
const MINIMUM_PAUSED_MINUTES = 30;
/** Time a canary also spends between its pauses (new pods starting, weights applied) and a margin. */
const MARGIN_MINUTES = 15;

/**
 * How long a Rollout may stay paused before RolloutPausedTooLong warns: 30 minutes, or longer where the timed pauses of
 * one canary add up to more — their sum, since consecutive pauses can look like one between two scrapes, plus 15
 * minutes. A shorter wait would warn during healthy releases.
 */
export function releasePausedFor(services: readonly Pick<ServiceSpec, 'delivery'>[]): string {
  const canaryPauseSeconds = services.map((spec) => {
    const delivery = deliveryOf(spec);
    if (delivery.strategy !== 'canary') return 0;
    return (delivery.steps ?? SEED_003_CANARY_STEPS).reduce((total, step) => total + durationSeconds(step.pause), 0);
  });
  return `${Math.max(MINIMUM_PAUSED_MINUTES, Math.ceil(Math.max(0, ...canaryPauseSeconds) / 60) + MARGIN_MINUTES)}m`;
}
