import { PROTOCOL_VERSION, commandEnvelopeSchema } from '@selaras/shared';
import { type JsonSchema, OPERATIONS, commandBodySchema, jsonSchemaOf } from './api-schemas';
import type { ApiRoute } from './routes';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const ERROR: JsonSchema = {
  type: 'object',
  required: ['error', 'message', 'messageEn'],
  properties: {
    error: { type: 'string', description: 'A stable code' },
    message: { type: 'string', description: 'Bahasa Indonesia' },
    messageEn: { type: 'string', description: 'English' },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
          messageEn: { type: 'string' },
        },
      },
    },
  },
};

function queryParameters(info: { query?: Parameters<typeof jsonSchemaOf>[0] }): JsonSchema[] {
  if (!info.query) return [];
  const schema = jsonSchemaOf(info.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

/**
 * The OpenAPI document of the running server: paths and methods from the controllers (`apiRoutes`),
 * request bodies and query parameters from the zod schemas the handlers validate with.
 */
export function openApiDocument(routes: readonly ApiRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes.filter((r) => r.path.startsWith('/api/'))) {
    const info = OPERATIONS[`${route.method} ${route.path}`];
    const status = info?.status ?? route.status;
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const body = info?.body
      ? info.body === commandEnvelopeSchema
        ? commandBodySchema()
        : jsonSchemaOf(info.body)
      : undefined;
    (paths[route.path] ??= {})[route.method] = {
      operationId: `${route.controller}.${route.handler}`,
      summary: info?.summary ?? route.handler,
      ...(route.public ? { security: [] } : {}),
      parameters: [...pathParameters, ...(info ? queryParameters(info) : [])],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
      responses: {
        [String(status)]: { description: status === 204 ? 'Done, no body' : 'OK' },
        '4XX': {
          description: 'Refused: bad input, not signed in, not allowed, not found, conflict, rate limit',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Selaras API',
      version: `protocol ${PROTOCOL_VERSION}`,
      description:
        'Generated from the server’s controllers and the zod schemas in shared/. docs/api.md is the ' +
        'contract in words (live sync over Socket.IO is described there, not here).',
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: { Error: ERROR },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
