import type { FastifyPluginAsync } from 'fastify';
import { SANDBOX_PAGE } from '../../domain/sandbox.js';
import { page } from '../kit/layout.js';
import { sandboxPageBody } from './views.js';

/** The sandbox's public page: the NIK table and the test users (only in `gerbang sandbox`). */
export const sandboxRoutes = (): FastifyPluginAsync => async (app) => {
  app.get(
    SANDBOX_PAGE,
    {
      config: { permission: 'public' },
      schema: {
        tags: ['Portal'],
        summary: 'Lingkungan uji (sandbox): daftar NIK dan pengguna uji untuk setiap jawaban',
      },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(page({ title: 'Lingkungan uji (sandbox)', body: sandboxPageBody() })),
  );
};
