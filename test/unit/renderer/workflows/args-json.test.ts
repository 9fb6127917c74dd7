import { describe, expect, it } from 'vitest';
import { checkArgsJson, findJsonProblem, MAX_ARGS_JSON } from '../../../../src-renderer/src/workflows/args-json';

describe('checkArgsJson', () => {
  it('takes a blank text as "no args", and any JSON value as it is', () => {
    expect(checkArgsJson('  \n ')).toEqual({ ok: true, args: undefined });
    expect(checkArgsJson('{ "dimensions": ["bugs", "tests"], "focus": "auth" }')).toEqual({ ok: true, args: { dimensions: ['bugs', 'tests'], focus: 'auth' } });
    expect(checkArgsJson('42')).toEqual({ ok: true, args: 42 });
    expect(checkArgsJson('null')).toEqual({ ok: true, args: null });
  });

  it('names the line and column of a syntax error, in the same words whatever the engine says', () => {
    const check = checkArgsJson('{\n  "range": "main...HEAD"\n  "focus": "auth"\n}');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem).toMatchObject({ line: 3, column: 3, offset: 29 });
    expect(check.message).toBe("args is not valid JSON: line 3, column 3: expected ',' or '}' after the property's value, found '\"'");
  });

  it('refuses args over the contract limit with the size, not a parse error', () => {
    const check = checkArgsJson(JSON.stringify('x'.repeat(MAX_ARGS_JSON)));
    expect(check).toMatchObject({ ok: false, problem: undefined });
    if (!check.ok) expect(check.message).toContain('1,000,002 characters of JSON; at most 1,000,000 fit');
  });
});

describe('findJsonProblem', () => {
  const at = (text: string) => {
    const problem = findJsonProblem(text);
    return problem === undefined ? undefined : [problem.line, problem.column, problem.reason];
  };

  it('finds nothing wrong in valid JSON, nested and escaped', () => {
    for (const text of ['{"a":[1,-2.5e3,true,false,null,{"b":"\\u00e9\\n\\"q\\""}]}', ' [ ] ', '"\\/"', '0']) {
      expect(findJsonProblem(text), text).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('explains the mistakes people make when they write JSON by hand', () => {
    expect(at('{"a": 1,}')).toEqual([1, 9, 'a trailing comma is not allowed in JSON']);
    expect(at('[1, 2, ]')).toEqual([1, 8, 'a trailing comma is not allowed in JSON']);
    expect(at("{'a': 1}")).toEqual([1, 2, 'property names take double quotes, not single quotes']);
    expect(at('{"a": \'x\'}')).toEqual([1, 7, 'JSON strings take double quotes, not single quotes']);
    expect(at('{a: 1}')).toEqual([1, 2, "expected a property name in double quotes, found 'a'"]);
    expect(at('{"a" 1}')).toEqual([1, 6, "expected ':' after the property name, found '1'"]);
    expect(at('{"a": }')).toEqual([1, 7, "expected a value after the colon, found '}'"]);
    expect(at('{"a": "open')).toEqual([1, 7, 'this string is never closed (a " is missing)']);
    expect(at('["a\nb"]')).toEqual([1, 4, 'a string cannot span lines (a " is missing, or write \\n)']);
    expect(at('["\\x"]')).toEqual([1, 3, '\\x is not a JSON escape (use \\\\ for a backslash)']);
    expect(at('{"a": 1} {"b": 2}')).toEqual([1, 10, "unexpected '{' after the value: JSON holds one value (wrap several in [ ])"]);
    expect(at('[1, 2')).toEqual([1, 6, "expected ',' or ']' after the list item, found the end of the text"]);
    expect(at('')).toEqual([1, 1, 'expected a value, found the end of the text']);
  });

  it('agrees with JSON.parse about what is invalid', () => {
    for (const text of ['{"a":01}', '[.5]', '[1.]', '[-]', '[+1]', '[NaN]', '{"a":undefined}', '["\t"]', '["\\u12"]', 'tru']) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(findJsonProblem(text), text).toBeDefined();
    }
  });
});
