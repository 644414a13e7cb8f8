import { describe, expect, it } from 'vitest';
import {
  decodeFormComponent,
  findTextProblem,
  parseUrlEncoded,
  sanitizedText,
  textProblem,
} from './input-text.js';

describe('text the edge accepts', () => {
  it('refuses a NUL, a lone surrogate and U+FFFD; accepts pairs, accents and controls', () => {
    expect(textProblem('a\u0000')).toBe('NUL');
    expect(textProblem('\ud800')).toBe('UTF8');
    expect(textProblem('x\udc00y')).toBe('UTF8');
    expect(textProblem('\ufffd')).toBe('UTF8');
    expect(textProblem('😀 é\u0007\n')).toBeUndefined();
    expect(sanitizedText('op\u0000.\ud800satu\ufffd')).toBe('op.satu');
  });

  it('names the field of the first problem, at any depth, keys included, without recursion', () => {
    expect(findTextProblem({ records: [{ nik: '1' }, { nik: '2\u0000' }] })).toEqual({
      field: 'records[1].nik',
      problem: 'NUL',
    });
    expect(findTextProblem({ a: { 'b\ud800': 1 } })).toEqual({
      field: 'a.b\ud800 (nama)',
      problem: 'UTF8',
    });
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTextProblem(deep)?.problem).toBe('NUL');
    expect(findTextProblem({ n: 1, b: true, z: null, s: 'ok' })).toBeUndefined();
  });

  it('decodes urlencoded text as a browser sends it, marking what is malformed', () => {
    expect(decodeFormComponent('a+b%20%C3%A9%F0%9F%98%80')).toBe('a b é😀');
    for (const malformed of ['%', '%Z1', '%FF', '%C3%28', '%ED%A0%80', '%E2%82']) {
      expect(textProblem(decodeFormComponent(`x${malformed}y`)), malformed).toBe('UTF8');
    }
    expect(decodeFormComponent('%00')).toBe('\u0000');
    const fields = parseUrlEncoded('a=1&a=2&b&c=%ZZ&=v');
    expect(fields).toEqual(
      Object.assign(Object.create(null), { a: ['1', '2'], b: '', c: '\ufffdZZ', '': 'v' }),
    );
  });
});
