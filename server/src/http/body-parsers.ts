import type { FastifyInstance } from 'fastify';
import { JSON_BODY_LIMIT } from './http-exception.filter';

/** A body past the limit is still read to its end (and dropped) up to this size, then the connection is cut. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * The bodies the API reads, as Express's body parser read them before:
 * - JSON: at most JSON_BODY_LIMIT; an empty body is `{}`; only an object or an array is a body (a bare
 *   `true` or `"x"` is malformed JSON, not a value to validate). A body past the limit is read to its
 *   end before the 413, so the client, still sending, reads the answer instead of a broken pipe.
 * - any other type is left unread: a route that wants it reads it itself (the import's multipart
 *   upload); any other sees no body and says what it expected.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', (request, payload, done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= JSON_BODY_LIMIT) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) payload.destroy();
    });
    payload.once('error', (error) => done(error));
    payload.once('end', () => {
      if (size > JSON_BODY_LIMIT)
        return done(Object.assign(new Error('Request body is too large'), { statusCode: 413 }));
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (text === '') return done(null, {});
      parse(request, text, (error: Error | null, value?: unknown) => {
        if (error) return done(error);
        if (typeof value === 'object' && value !== null) return done(null, value);
        done(
          Object.assign(new SyntaxError('A JSON body must be an object or an array'), { statusCode: 400 }),
        );
      });
    });
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
}
