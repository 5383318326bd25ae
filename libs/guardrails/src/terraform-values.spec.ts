import { allStrings, blockOf, blocksOf, isFalse, isNonEmptyString, isTrue, numberOf, stringsOf } from './terraform-values';

describe('Terraform value readers', () => {
  it('read literal booleans in both forms cdktf writes, and nothing else', () => {
    expect([true, 'true', false, 'false', 'TRUE', 1, '${var.on}', undefined].map(isTrue)).toEqual([true, true, false, false, false, false, false, false]);
    expect([false, 'false', true, 'true', 'FALSE', 0, '${var.on}', undefined].map(isFalse)).toEqual([true, true, false, false, false, false, false, false]);
  });

  it('read numbers and numeric strings, not blanks, expressions or other types', () => {
    expect([7, '7', ' 7 ', '0', 0, '', '  ', '${var.days}', 'Infinity', null, true].map(numberOf)).toEqual([7, 7, 7, 0, 0, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('tell non-empty strings from blank ones and non-strings', () => {
    expect(['a', ' a ', '', '   ', 1, undefined].map(isNonEmptyString)).toEqual([true, true, false, false, false, false]);
  });

  it('read one nested block or several, dropping what is not a block', () => {
    expect(blocksOf({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocksOf([{ a: 1 }, 'x', null, [{ b: 2 }], { c: 3 }])).toEqual([{ a: 1 }, { c: 3 }]);
    expect([undefined, null, 'x', 3].map(blocksOf)).toEqual([[], [], [], []]);
    expect(blockOf([{ a: 1 }, { a: 2 }])).toEqual({ a: 1 });
    expect(blockOf([])).toBeUndefined();
  });

  it('read a string or the strings of a list', () => {
    expect(stringsOf('s3:GetObject')).toEqual(['s3:GetObject']);
    expect(stringsOf(['a', 1, null, 'b'])).toEqual(['a', 'b']);
    expect([undefined, 3, { a: 'x' }].map(stringsOf)).toEqual([[], [], []]);
  });

  it('collect every string nested anywhere in a value', () => {
    expect(allStrings({ a: 'x', b: [1, 'y', { c: ['z'] }], d: null, e: true })).toEqual(['x', 'y', 'z']);
    expect([undefined, 5].map(allStrings)).toEqual([[], []]);
  });
});
