import { escapeRegExp } from './reg-exp';

describe('escapeRegExp', () => {
  it('makes a pattern that matches the text literally, special characters included', () => {
    const text = 'environments/a.b+c/(x)[y]{z}^$|?*\\env.ts';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
    expect(new RegExp(`^${escapeRegExp('a.b')}$`).test('axb')).toBe(false);
  });
});
