/**
 * HTML forms post `application/x-www-form-urlencoded`. Registered only inside the demo's page and
 * login contexts (never on the root, so Stockbell's routes keep accepting JSON only). A repeated name
 * (checkboxes) becomes an array; the route schemas coerce the strings (Fastify's default Ajv).
 */
import type { FastifyInstance } from 'fastify';

export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      const fields: Record<string, string | string[]> = Object.create(null);
      for (const [name, value] of new URLSearchParams(body as string)) {
        const seen = fields[name];
        if (seen === undefined) fields[name] = value;
        else fields[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
      }
      done(null, fields);
    },
  );
}

export function isFormPost(request: { headers: Record<string, string | string[] | undefined> }): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Only same-site paths are followed after a form post (no open redirects). */
export function safeNext(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}
