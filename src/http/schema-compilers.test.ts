import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedSchemaCompilers } from '../app-schema-compilers.js';

/** Apps as buildApp makes them, as far as schemas go: its Ajv options and the shared compilers. */
function appWithSharedCompilers(): FastifyInstance {
  return Fastify({
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    schemaController: sharedSchemaCompilers,
  });
}

const Body = Type.Object({ jumlah: Type.Integer() }, { additionalProperties: false });
const Answer = Type.Object({ jumlah: Type.Integer() });
const Headers = Type.Object({ 'x-operator': Type.String({ minLength: 2 }) });

function route(app: FastifyInstance): FastifyInstance {
  app.post(
    '/uji',
    { schema: { body: Body, headers: Headers, response: { 200: Answer } } },
    // The extra field shows the answer went through the compiled serializer, which drops it.
    async (request) => ({ ...(request.body as object), rahasia: 'tidak terkirim' }),
  );
  return app;
}

describe('route schemas compiled once for every app of the process', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('validates and serialises the same in a second app as in the first', async () => {
    for (let i = 0; i < 2; i++) {
      const app = route(appWithSharedCompilers());
      apps.push(app);
      const send = (headers: Record<string, string>, body: unknown) =>
        app.inject({ method: 'POST', url: '/uji', headers, payload: body as object });

      const good = await send({ 'X-Operator': 'op1' }, { jumlah: 3 });
      expect(good.statusCode).toBe(200);
      expect(good.json()).toEqual({ jumlah: 3 });
      expect((await send({ 'X-Operator': 'op1' }, { jumlah: '3' })).statusCode).toBe(400);
      expect((await send({ 'X-Operator': 'op1' }, { jumlah: 3, lain: 1 })).statusCode).toBe(400);
      expect((await send({ 'X-Operator': 'x' }, { jumlah: 3 })).statusCode).toBe(400);
      expect((await send({}, { jumlah: 3 })).statusCode).toBe(400);
    }
  });

  it('refuses at start-up a header schema that names a header with capitals', async () => {
    const app = appWithSharedCompilers();
    apps.push(app);
    app.get(
      '/uji',
      { schema: { headers: Type.Object({ 'X-Operator': Type.String() }) } },
      async () => ({}),
    );
    await expect(app.ready()).rejects.toThrow(/"X-Operator".*lowercase/);
  });
});
