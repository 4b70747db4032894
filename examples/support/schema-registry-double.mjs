// @ts-check
// A schema registry DOUBLE: a small in-memory HTTP server that answers the few endpoints of the
// Confluent Schema Registry REST API that schema-registry clients use to register a schema and to
// encode and decode records with it. It is NOT a schema registry: no compatibility checks, no
// persistence, no authentication, no schema references, one process. It exists because no real
// registry server can be installed where these examples are tested; with a real registry, point
// the client at its URL instead (SCHEMA_REGISTRY_URL) and start nothing.
//
// Endpoints (JSON bodies, content type application/vnd.schemaregistry.v1+json):
//   POST /subjects/{subject}/versions   register a schema: { schema, schemaType? } -> { id }
//   POST /subjects/{subject}            look a schema up in a subject -> { subject, id, version, schema }
//   GET  /subjects/{subject}/versions/{version|latest} -> { subject, id, version, schema }
//   GET  /schemas/ids/{id}              -> { schema, schemaType? }
//   GET  /config/{subject}              -> { compatibilityLevel }, 404 until set
//   PUT  /config/{subject}              { compatibility } -> { compatibility }
// Errors use the registry's shape: { error_code, message } (40401 subject, 40402 version, 40403 schema).
import { createServer } from 'node:http';

/** @typedef {{ id: number, schema: string, schemaType: string | undefined }} StoredSchema */
/** @typedef {{ url: string, requests: string[], schemas: Map<number, StoredSchema>, stop: () => Promise<void> }} RegistryDouble */

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * Starts the double on 127.0.0.1 and a free port the system picks.
 * @returns {Promise<RegistryDouble>}
 */
export async function startRegistryDouble() {
  /** @type {Map<number, StoredSchema>} */
  const schemas = new Map();
  /** Ids by schema text (and type): registering the same schema again gives the same id, as a registry does. */
  /** @type {Map<string, number>} */
  const ids = new Map();
  /** Each subject's versions: version n is ids[n - 1]. */
  /** @type {Map<string, number[]>} */
  const subjects = new Map();
  /** @type {Map<string, string>} */
  const compatibility = new Map();
  /** "METHOD path" of every request, in order. */
  /** @type {string[]} */
  const requests = [];

  /** @param {string} subject @param {number} version */
  const versionOf = (subject, version) => {
    const id = /** @type {number} */ (/** @type {number[]} */ (subjects.get(subject))[version - 1]);
    const stored = /** @type {StoredSchema} */ (schemas.get(id));
    return { subject, id, version, schema: stored.schema, ...(stored.schemaType === undefined ? {} : { schemaType: stored.schemaType }) };
  };
  /** @param {any} json */
  const keyOf = (json) => `${json.schemaType === undefined || json.schemaType === 'AVRO' ? 'AVRO' : json.schemaType}\n${json.schema}`;

  /** @typedef {(status: number, payload: unknown) => void} Answer */
  /** @typedef {(code: number, message: string) => void} NotFound */
  /** @type {Array<[string, RegExp, (match: RegExpExecArray, json: any, answer: Answer, notFound: NotFound) => void]>} */
  const routes = [
    [
      'POST',
      /^\/subjects\/([^/]+)\/versions$/,
      (match, json, answer) => {
        const subject = /** @type {string} */ (match[1]);
        if (typeof json.schema !== 'string') return answer(422, { error_code: 42201, message: 'schema must be a string' });
        const key = keyOf(json);
        let id = ids.get(key);
        if (id === undefined) {
          id = schemas.size + 1;
          ids.set(key, id);
          schemas.set(id, { id, schema: json.schema, schemaType: json.schemaType === 'AVRO' ? undefined : json.schemaType });
        }
        const versions = subjects.get(subject) ?? [];
        if (!versions.includes(id)) versions.push(id);
        subjects.set(subject, versions);
        answer(200, { id });
      },
    ],
    [
      'POST',
      /^\/subjects\/([^/]+)$/,
      (match, json, answer, notFound) => {
        const subject = /** @type {string} */ (match[1]);
        const versions = subjects.get(subject);
        if (versions === undefined) return notFound(40401, `Subject '${subject}' not found.`);
        const id = ids.get(keyOf(json));
        if (id === undefined || !versions.includes(id)) return notFound(40403, 'Schema not found');
        answer(200, versionOf(subject, versions.indexOf(id) + 1));
      },
    ],
    [
      'GET',
      /^\/subjects\/([^/]+)\/versions\/(latest|\d+)$/,
      (match, _json, answer, notFound) => {
        const subject = /** @type {string} */ (match[1]);
        const versions = subjects.get(subject);
        if (versions === undefined) return notFound(40401, `Subject '${subject}' not found.`);
        const version = match[2] === 'latest' ? versions.length : Number(match[2]);
        if (version < 1 || version > versions.length) return notFound(40402, `Version ${match[2]} not found.`);
        answer(200, versionOf(subject, version));
      },
    ],
    [
      'GET',
      /^\/schemas\/ids\/(\d+)$/,
      (match, _json, answer, notFound) => {
        const stored = schemas.get(Number(match[1]));
        if (stored === undefined) return notFound(40403, 'Schema not found');
        answer(200, { schema: stored.schema, ...(stored.schemaType === undefined ? {} : { schemaType: stored.schemaType }) });
      },
    ],
    [
      'GET',
      /^\/config\/([^/]+)$/,
      (match, _json, answer, notFound) => {
        const level = compatibility.get(/** @type {string} */ (match[1]));
        if (level === undefined) return notFound(40401, `Subject '${match[1]}' not found.`);
        answer(200, { compatibilityLevel: level });
      },
    ],
    [
      'PUT',
      /^\/config\/([^/]+)$/,
      (match, json, answer) => {
        compatibility.set(/** @type {string} */ (match[1]), String(json.compatibility));
        answer(200, { compatibility: json.compatibility });
      },
    ],
  ];

  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://registry').pathname);
      requests.push(`${request.method} ${path}`);
      /** @param {number} status @param {unknown} payload */
      const answer = (status, payload) => {
        response.writeHead(status, { 'content-type': CONTENT_TYPE });
        response.end(JSON.stringify(payload));
      };
      /** @param {number} code @param {string} message */
      const notFound = (code, message) => answer(404, { error_code: code, message });
      /** @type {any} */
      let json = {};
      try {
        if (body !== '') json = JSON.parse(body);
      } catch {
        answer(422, { error_code: 42201, message: 'the request body is not JSON' });
        return;
      }
      for (const [method, pattern, handle] of routes) {
        const match = method === request.method ? pattern.exec(path) : null;
        if (match !== null) return handle(match, json, answer, notFound);
      }
      notFound(404, `the schema registry double does not answer ${request.method} ${path}`);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    schemas,
    stop: () =>
      new Promise((resolve) => {
        // Keep-alive connections of the client would otherwise hold the process open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
