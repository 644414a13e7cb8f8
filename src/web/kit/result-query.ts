import type { FastifyRequest } from 'fastify';

/**
 * The outcome a form's redirect names in `?hasil=` (post/redirect/get), for the page to show
 * as its own message; nothing when absent or not text.
 */
export function resultOf(request: FastifyRequest): { result?: string } {
  const result = (request.query as { hasil?: unknown }).hasil;
  return typeof result === 'string' ? { result } : {};
}
