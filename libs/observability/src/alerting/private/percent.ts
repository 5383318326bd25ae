/** A ratio as a percentage for messages: 0.005 → `0.5 %`, 0.999 → `99.9 %`. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(4))} %`;
}
