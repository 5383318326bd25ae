import { releasePausedFor } from './release-alert-settings';

describe('releasePausedFor', () => {
  it('waits 30 minutes for the seed canaries (10 and 5 minute pauses), blue/green and rolling services', () => {
    expect(releasePausedFor([{ delivery: { strategy: 'canary' } }, { delivery: { strategy: 'blueGreen' } }, {}])).toBe('30m');
    expect(releasePausedFor([])).toBe('30m');
  });

  it('waits longer than the pauses of the slowest canary together, with a margin', () => {
    const slow = { delivery: { strategy: 'canary' as const, steps: [{ weight: 10, pause: '20m' }, { weight: 50, pause: '1h' }, { weight: 90, pause: '30s' }] } };
    expect(releasePausedFor([{ delivery: { strategy: 'canary' } }, slow])).toBe('96m');
  });
});
