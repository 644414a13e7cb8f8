import { describe, expect, it } from 'vitest';
import { compatibleCredentials } from './compatible-credentials.js';

/** Which way a national-service client's call comes, from what it carries (issue 11 item 3). */
describe('compatibleCredentials', () => {
  const TOKEN = `gba_${'a'.repeat(43)}`;
  const CLIENT = 'gbc_0123456789abcdef0123';

  it.each([
    [
      'a user ID and password: the user, an operator named beside it not read',
      { USER_ID: 'operator.dinkes', PASSWORD: 'rahasia', OPERATOR: 'lain' },
      undefined,
      'lain.lagi',
      { kind: 'USER', userId: 'operator.dinkes', password: 'rahasia' },
    ],
    [
      'a bearer with the operator in the header',
      {},
      TOKEN,
      ' operator.dinkes ',
      { kind: 'APPLICATION_TOKEN', token: TOKEN, operator: 'operator.dinkes' },
    ],
    [
      'a bearer with the operator in OPERATOR',
      { OPERATOR: 'operator.dinkes' },
      TOKEN,
      undefined,
      { kind: 'APPLICATION_TOKEN', token: TOKEN, operator: 'operator.dinkes' },
    ],
    [
      'a bearer naming the same operator twice',
      { OPERATOR: 'operator.dinkes' },
      TOKEN,
      'operator.dinkes',
      { kind: 'APPLICATION_TOKEN', token: TOKEN, operator: 'operator.dinkes' },
    ],
    [
      'a bearer naming no operator',
      { OPERATOR: ' ' },
      TOKEN,
      '',
      { kind: 'APPLICATION_TOKEN', token: TOKEN, operator: undefined },
    ],
    [
      'an unreadable bearer: an empty token, not a missing one',
      {},
      '',
      undefined,
      { kind: 'APPLICATION_TOKEN', token: '', operator: undefined },
    ],
    [
      'a client ID and secret in USER_ID and PASSWORD',
      { USER_ID: ` ${CLIENT}`, PASSWORD: 'gbs_rahasia', OPERATOR: 'operator.dinkes' },
      undefined,
      undefined,
      {
        kind: 'CLIENT_CREDENTIALS',
        clientId: CLIENT,
        clientSecret: 'gbs_rahasia',
        operator: 'operator.dinkes',
      },
    ],
  ])('%s', (_name, fields, bearer, header, expected) => {
    expect(compatibleCredentials(fields, bearer, header)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [
      'a bearer beside a user ID',
      { USER_ID: 'operator.dinkes' },
      TOKEN,
      undefined,
      'Kirim kredensial dengan satu cara saja: header Authorization Bearer, atau USER_ID dan PASSWORD',
    ],
    [
      'a bearer beside a password',
      { PASSWORD: 'x' },
      TOKEN,
      undefined,
      'Kirim kredensial dengan satu cara saja: header Authorization Bearer, atau USER_ID dan PASSWORD',
    ],
    [
      'two different operators',
      { USER_ID: CLIENT, PASSWORD: 'gbs_x', OPERATOR: 'satu' },
      undefined,
      'dua',
      'Operator pada header X-Gerbang-Operator dan kolom OPERATOR berbeda',
    ],
  ])('refuses %s', (_name, fields, bearer, header, problem) => {
    expect(compatibleCredentials(fields, bearer, header)).toEqual({ ok: false, problem });
  });
});
