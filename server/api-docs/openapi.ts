/**
 * The OpenAPI 3.1 document of the merchant API, built from the table in ./paths.ts with zod 4's
 * JSON Schema output (draft 2020-12, OpenAPI 3.1's own dialect): requests as the routes read them
 * (`io: 'input'`: defaults optional), responses as the server writes them (`io: 'output'`).
 */
import { z } from 'zod';
import { REQUEST_COMPONENTS, RESPONSE_COMPONENTS } from './components.ts';
import { API_OPERATIONS, type ApiOperation, type ErrorStatus } from './paths.ts';

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, OpenApiOperation>> };
export interface OpenApiOperation {
  operationId: string;
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  [key: string]: unknown;
}

const ERROR_MEANINGS: Record<ErrorStatus, string> = {
  400: 'invalid request: `error.field` names the field',
  401: 'no API key, or a wrong one',
  402: 'the card was declined',
  404: 'no such object',
  409: 'conflict with the current state (or the same Idempotency-Key still in progress)',
  410: 'expired',
  413: 'request body too large',
  415: 'a body declared as another media type than application/json, or in a charset other than UTF-8 (`error.field`: Content-Type)',
  422: 'refused: an Idempotency-Key reused with another body or query string, or an operation the payment does not allow',
  501: 'not offered by this server (no DirectLink API user configured)',
  502: 'the payment platform failed',
  503: 'unavailable for a moment (database or platform): retry',
  504: 'the platform did not answer in time: outcome unknown, retry with the same Idempotency-Key',
};

const COMPONENTS_PATH = '#/components/schemas/';

/** Each named schema once, converted as a set so that one containing another refers to it. */
function componentSchemas(named: Readonly<Record<string, z.ZodType>>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id) => `${COMPONENTS_PATH}${id}`,
  });
  // The document names its dialect once, and a component is found by its place, not an $id.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as JsonSchema]));
}

/** A named schema by reference; any other inline. */
function schemaFor(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const named = io === 'input' ? REQUEST_COMPONENTS : RESPONSE_COMPONENTS;
  const name = Object.keys(named).find((id) => named[id] === schema);
  return name ? { $ref: `${COMPONENTS_PATH}${name}` } : jsonSchema(schema, io);
}

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  // The document names its dialect once (jsonSchemaDialect); each schema need not repeat it.
  delete converted.$schema;
  return converted;
}

function operationId(op: ApiOperation): string {
  const words = op.path
    .replace(/^\/api\//, '')
    .replace(/\.json$/, '')
    .split(/[/-]/)
    .filter((word) => word !== '')
    .map((word) => (word.startsWith('{') ? `By${word.slice(1, 2).toUpperCase()}${word.slice(2, -1)}` : word));
  return [op.method, ...words].map((word, i) => (i === 0 ? word : `${word[0]!.toUpperCase()}${word.slice(1)}`)).join('');
}

function parametersOf(op: ApiOperation): unknown[] {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = Object.entries(op.query?.shape ?? {}).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(field as z.ZodType, 'input'),
  }));
  // The server honours the key on every POST and DELETE of the merchant API (server/http/
  // idempotency.ts): documented on each, so a generated client sends it on a card's DELETE too.
  const idempotency =
    (op.method === 'post' || op.method === 'delete') && !op.public
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Any unique string of 1 to 255 characters (a UUID). The first request runs; a retry with the same key, body and query string gets the stored answer (header Idempotent-Replayed: true), never a second effect. 5xx answers are not stored, so a retry with the same body runs again; another body or query string under the key is still refused (422). A request refused before it ran (413, 415) stores nothing: the key stays free.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : [];
  return [...path, ...query, ...idempotency];
}

function errorStatuses(op: ApiOperation): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>(op.errors ?? []);
  if (!op.public) statuses.add(401);
  // A path parameter may be refused too: one holding a NUL character (server/http/nul-guard.ts).
  if (op.query || op.body || op.method === 'post' || op.path.includes('{')) statuses.add(400);
  if (op.body) for (const status of [413, 415] as const) statuses.add(status);
  // Every POST of the merchant API passes its body limit and the Idempotency-Key middleware
  // (server/app.ts): a body too large (413), the key still in progress (409), or reused with
  // another body or query string (422) — whether or not the operation takes a body of its own.
  if (op.method === 'post' && !op.public) for (const status of [409, 413, 422] as const) statuses.add(status);
  // DELETEs honour the Idempotency-Key too, and pass the same body limit (a body is theirs to send).
  if (op.method === 'delete' && !op.public) for (const status of [409, 413, 422] as const) statuses.add(status);
  // Every operation that reads or writes the database answers 503 `database_unavailable` while it
  // cannot be reached (server/http/on-error.ts, with Retry-After); only the document itself does not.
  if (!op.public) statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

function operationOf(op: ApiOperation): OpenApiOperation {
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, response] of Object.entries(op.responses)) {
    const schema = schemaFor(response.schema, 'output');
    responses[status] = {
      description: response.description,
      content: response.contentType ? { [response.contentType]: { schema } } : json(schema),
    };
  }
  const error = { $ref: `${COMPONENTS_PATH}Error` };
  for (const status of errorStatuses(op)) responses[String(status)] = { description: ERROR_MEANINGS[status], content: json(error) };
  const parameters = parametersOf(op);
  return {
    operationId: operationId(op),
    tags: [op.tag],
    summary: op.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: !op.bodyOptional, content: json(schemaFor(op.body, 'input')) } } : {}),
    ...(op.public ? { security: [] } : {}),
    responses,
  };
}

/** The whole document; `version` is the server's package version. */
export function openApiDocument(version: string, operations: readonly ApiOperation[] = API_OPERATIONS): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationOf(op);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'ogone-checkout merchant API',
      version,
      description:
        'The merchant API of an ogone-checkout server: checkout sessions, buttons, payments and their capture / refund / cancel, saved cards, webhook events. Amounts are integers in minor units. Every error answers `{ "error": { "code", "message", "field"? } }`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'this server' }],
    security: [{ apiKey: [] }],
    components: {
      schemas: { ...componentSchemas(RESPONSE_COMPONENTS, 'output'), ...componentSchemas(REQUEST_COMPONENTS, 'input') },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'a key of MERCHANT_API_KEYS: `Authorization: Bearer sk_…`' },
      },
    },
    tags: [
      { name: 'sessions', description: 'checkout sessions: one order, one or more payment attempts' },
      { name: 'buttons', description: 'fixed-price payment buttons for static sites' },
      { name: 'transactions', description: 'payments and their maintenance (capture, refund, cancel, sync)' },
      { name: 'aliases', description: 'saved cards and merchant-initiated charges' },
      { name: 'events', description: 'webhook events and their deliveries' },
      { name: 'dashboard', description: 'figures for the merchant dashboard' },
      { name: 'meta', description: 'this document' },
    ],
    paths,
  };
}
