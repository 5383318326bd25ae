import { ConstructValidationError } from '@platform/core';
import { promQlShapeProblems } from '@platform/observability';
import { Construct } from 'constructs';
import { DeliveryAnalysis } from '../workload-spec';

/** Wait before the first measurement: the queries' 2-minute rate window, filled by the new pods' first scrapes. */
export const ANALYSIS_INITIAL_DELAY = '3m';
/** Inconclusive measurements (nothing measured) tolerated before the analysis is inconclusive and the release pauses. */
export const ANALYSIS_INCONCLUSIVE_LIMIT = 2;

/** The query returned a number: something was measured. */
const MEASURED = 'len(result) > 0 && !isNaN(result[0])';

/**
 * One Prometheus metric of an AnalysisTemplate: `query` (checked with the platform's PromQL check, as alert rules are)
 * every minute, successful at or below `limit`, failed above it; `count` measurements, else until the release ends.
 * An empty or NaN result (no requests reached the new pods) is neither: the measurement is inconclusive, and Argo
 * pauses the release for a person (`kubectl argo rollouts promote` or `abort`) instead of promoting it unmeasured.
 */
export function analysisMetric(scope: Construct, name: string, query: string, limit: number, analysis: DeliveryAnalysis, address: string, count: number | undefined): Record<string, unknown> {
  const field = `analysisTemplate.metrics.${name}.provider.prometheus.query`;
  const problems = promQlShapeProblems(query);
  ConstructValidationError.require(scope, problems.length === 0, field, `is not valid PromQL (${problems.join('; ')}): ${query}`, 'correct the expression (requestsMetric / latencyMetric must be metric names)');
  return {
    name,
    interval: '1m',
    // The new pods' series need the rate window and two scrapes before a query can return anything.
    initialDelay: ANALYSIS_INITIAL_DELAY,
    // One empty minute (a quiet moment) is no verdict; three in a row pause the release for a person.
    inconclusiveLimit: ANALYSIS_INCONCLUSIVE_LIMIT,
    ...(count === undefined ? {} : { count }),
    failureLimit: analysis.failureLimit ?? 1,
    successCondition: `${MEASURED} && result[0] <= ${limit}`,
    failureCondition: `${MEASURED} && result[0] > ${limit}`,
    provider: { prometheus: { address, query } },
  };
}
