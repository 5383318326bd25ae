import { parseQuantity } from './kubernetes-quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['128Mi', 128 * 2 ** 20],
    ['1G', 1e9],
    ['16Gi', 16 * 2 ** 30],
  ])('reads %s as %d', (quantity, value) => {
    expect(parseQuantity(quantity)).toBeCloseTo(value);
  });

  it.each(['16GB', '', '-1', '1e3', 'two'])('rejects %j', (quantity) => {
    expect(parseQuantity(quantity)).toBeUndefined();
  });
});
