import { closestMatch, editDistance } from './closest-match';

describe('editDistance', () => {
  it.each([
    ['network', 'network', 0],
    ['netwrok', 'network', 2],
    ['queus', 'queues', 1],
    ['', 'abc', 3],
  ])('%s → %s takes %d edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestMatch', () => {
  it('finds the nearest candidate, ignoring case, the first of equals', () => {
    expect(closestMatch('Netwrok', ['name', 'network', 'region'])).toBe('network');
    expect(closestMatch('ab', ['ax', 'xb'])).toBe('ax');
  });

  it('finds none beyond the maximum distance, or among no candidates', () => {
    expect(closestMatch('completely-different', ['network'], 3)).toBeUndefined();
    expect(closestMatch('network', [])).toBeUndefined();
  });
});
