/**
 * What a typo most likely meant: the nearest of the known names by edit distance. Shared by the messages that
 * suggest a correction (a misspelt region, an unknown setting of an environment file, an unknown Kubernetes key).
 */

/** Levenshtein distance: the insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `text` by edit distance, ignoring case (the first of equals, in the candidates' order);
 * undefined when there is none, or when the nearest is more than `maxDistance` edits away.
 */
export function closestMatch(text: string, candidates: readonly string[], maxDistance = Number.POSITIVE_INFINITY): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(text.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}
