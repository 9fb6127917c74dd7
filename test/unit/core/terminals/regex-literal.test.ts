import { describe, expect, it } from 'vitest';
import { requiredLiteral } from '../../../../src-main/core/terminals/regex-literal';

describe('requiredLiteral', () => {
  it.each([
    ['timeout after \\d+ms', '', 'timeout after '],
    ['status=5\\d\\d$', '', 'status=5'],
    ['^\\S+ WARN .*latency', '', 'latency'],
    ['colou?r name', '', 'r name'],
    ['abc+d', '', 'abc'],
    ['x{2}yz', '', 'yz'],
    ['a\\.b\\/c', '', 'a.b/c'],
    ['(?<y>\\d{4})-(?:ab|cd)-done', '', '-done'],
    ['\\k<name>literal', '', 'literal'],
    ['\\p{L}+ word', 'u', ' word'],
    ['[a-z]+ (big|small) [xyz\\]]end', '', 'end'],
    ['\\u0041BC\\x41DE', '', 'BC'],
    ['go\u{1F680}?ne', 'u', 'go'],
  ])('%s (flags %s) requires %j', (source, flags, literal) => {
    expect(requiredLiteral(source, flags)).toBe(literal);
  });

  it.each([
    ['error|fatal', ''],
    ['needle', 'i'],
    ['\\d+\\s+\\w', ''],
    ['a', ''],
    ['(literal inside group)', ''],
  ])('gives up on %s (flags %s)', (source, flags) => {
    expect(requiredLiteral(source, flags)).toBe('');
  });

  it('never claims a literal that a matching string lacks', () => {
    const atoms = ['a', 'b', 'ab', '.', '\\d', '[ab]', '(ab)', '(?:a|b)', 'x', '\\.', '-', ' '];
    const quantifiers = ['', '', '', '?', '*', '+', '{0,2}', '{2}'];
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = 'abx.- 1';
    for (let round = 0; round < 3000; round++) {
      let source = '';
      for (let i = 0, n = 1 + next(5); i < n; i++) source += atoms[next(atoms.length)]! + quantifiers[next(quantifiers.length)]!;
      const literal = requiredLiteral(source, '');
      if (literal === '') continue;
      const regex = new RegExp(source);
      for (let sample = 0; sample < 30; sample++) {
        let text = '';
        for (let i = 0, n = next(12); i < n; i++) text += alphabet[next(alphabet.length)];
        if (regex.test(text)) expect(text, `/${source}/ matched ${JSON.stringify(text)}`).toContain(literal);
      }
    }
  });
});
