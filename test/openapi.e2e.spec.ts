// The OpenAPI document at /api/docs is generated from the controllers and the zod schemas: it lists
// exactly the endpoints docs/api.md names (both ways), serves a page under the app's CSP, and is not
// there in production.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OPERATIONS } from '../server/src/openapi/api-schemas';
import type { OpenApiDocument } from '../server/src/openapi/openapi-document';
import { launchReady } from './support/server-launch';
import { type ServerProcess, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

const SECRET = 'k7Qz9vR2mX4pL8wN3bT6yH1cF5jD0sGa';

/** `GET /api/boards/{boardId}` for every endpoint line of docs/api.md (`| /enable` names a sibling). */
function documentedEndpoints(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const line of markdown.split('\n')) {
    const match = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/api\/[^\s?]*)(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, method, raw, rest] = match;
    const route = raw!.replace(/:(\w+)/g, '{$1}');
    found.add(`${method} ${route}`);
    for (const sibling of rest!.matchAll(/\|\s*\/([\w.-]+)(?=\s|$)/g))
      found.add(`${method} ${route.replace(/\/[^/]+$/, `/${sibling[1]}`)}`);
  }
  return found;
}

const operations = (doc: OpenApiDocument) =>
  new Set(
    Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    ),
  );

const sorted = (items: Iterable<string>) => [...items].sort();

describe('outside production', () => {
  let server: ServerProcess;
  let cleanup: () => void;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    const data = tempDataDir();
    cleanup = data.cleanup;
    ({ server } = await launchReady(data.dir));
    const res = await fetch(`${server.url}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await server?.stop();
    cleanup?.();
  });

  it('lists exactly the endpoints docs/api.md names, and the other way round', () => {
    const documented = documentedEndpoints(
      readFileSync(path.resolve(__dirname, '..', 'docs', 'api.md'), 'utf8'),
    );
    const generated = operations(doc);
    expect(documented.size).toBeGreaterThan(25);
    expect(sorted([...generated].filter((e) => !documented.has(e)))).toEqual([]);
    expect(sorted([...documented].filter((e) => !generated.has(e)))).toEqual([]);
  });

  it('describes every operation, with the zod schemas as request bodies and query parameters', () => {
    const described = new Set(
      Object.keys(OPERATIONS).map((k) => k.replace(/^(\w+) /, (_, m: string) => `${m.toUpperCase()} `)),
    );
    expect(sorted(operations(doc))).toEqual(sorted(described));
    const command = doc.paths['/api/boards/{boardId}/commands']!.post as {
      requestBody: {
        content: {
          'application/json': { schema: { properties: { data: { oneOf: Array<{ title: string }> } } } };
        };
      };
    };
    const titles = command.requestBody.content['application/json'].schema.properties.data.oneOf.map(
      (s) => s.title,
    );
    expect(titles).toEqual(expect.arrayContaining(['ProposeProgram', 'MoveProgram', 'RevertProgram']));
    const events = doc.paths['/api/boards/{boardId}/events']!.get as {
      parameters: Array<{ name: string; schema: { maximum?: number } }>;
    };
    expect(events.parameters.find((p) => p.name === 'limit')?.schema.maximum).toBe(1000);
    const login = doc.paths['/api/auth/login']!.post as { security?: unknown[]; requestBody?: unknown };
    expect(login.security).toEqual([]);
    expect(login.requestBody).toBeDefined();
  });

  it('serves a page without relaxing the CSP', async () => {
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const health = await fetch(`${server.url}/api/health`);
    expect(page.headers.get('content-security-policy')).toBe(health.headers.get('content-security-policy'));
    const html = await page.text();
    expect(html).toContain('POST /api/boards/{boardId}/commands');
    expect(html).not.toMatch(/<script|style=/i);
  });
});

test('production has no /api/docs', async () => {
  const data = tempDataDir();
  const { server } = await launchReady(data.dir, { NODE_ENV: 'production', SELARAS_TOKEN_SECRET: SECRET });
  try {
    expect((await fetch(`${server.url}/api/docs/openapi.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/docs`)).status).toBe(404);
  } finally {
    await server.stop();
    data.cleanup();
  }
});
