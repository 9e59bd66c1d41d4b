import type { OpenApiDocument } from './openapi-document';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const json = (value: unknown) => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

/**
 * The OpenAPI document as a plain page: every operation with its summary, parameters and request
 * schema. No script and no inline style, so the server's Content-Security-Policy applies unchanged.
 */
export function docsPage(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const o = op as {
        summary?: string;
        security?: unknown[];
        parameters?: Array<{ name: string; in: string; required: boolean }>;
        requestBody?: { content: { 'application/json': { schema: unknown } } };
        responses: Record<string, { description: string }>;
      };
      const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      const params = (o.parameters ?? [])
        .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})</li>`)
        .join('');
      return `<section id="${id}">
<h2><code>${method.toUpperCase()} ${escape(path)}</code></h2>
<p>${escape(o.summary ?? '')}${o.security?.length === 0 ? ' — no token needed' : ''}</p>
${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ''}
${o.requestBody ? `<details><summary>Request body (JSON Schema)</summary>${json(o.requestBody.content['application/json'].schema)}</details>` : ''}
<p>Answers: ${Object.entries(o.responses)
        .map(([status, r]) => `${escape(status)} ${escape(r.description)}`)
        .join('; ')}</p>
</section>`;
    }),
  );
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(doc.info.title)}</title></head>
<body>
<main>
<h1>${escape(doc.info.title)} (${escape(doc.info.version)})</h1>
<p>${escape(doc.info.description)} Machine-readable: <a href="/api/docs/openapi.json">openapi.json</a>.
Every route except those marked needs <code>Authorization: Bearer &lt;token&gt;</code> (POST /api/auth/login).</p>
${operations.join('\n')}
</main>
</body>
</html>
`;
}
