import {
  type CommandType,
  COMMAND_TYPES,
  changeAccountSchema,
  commandDataSchemas,
  commandEnvelopeSchema,
  createAccountSchema,
  createDisplayLinkSchema,
  disableAccountSchema,
  eventsQuerySchema,
  importConfirmSchema,
  importOptionsSchema,
  nomenclatureSearchQuerySchema,
  loginRequestSchema,
  setPasswordSchema,
} from '@selaras/shared';
import { z } from 'zod';
import { auditQuerySchema, compareQuerySchema, pointQuerySchema } from '../audit/audit-query';

/** What the controllers do not say themselves: a summary, and the zod schemas that check the input. */
export interface OperationInfo {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The success status when it is not Nest's default (or an @HttpCode on the handler). */
  status?: number;
}

/**
 * Keyed by `<method> <path>` as the route table has them. The schemas are the ones the handlers
 * validate with (shared/ and the audit queries), so the document says what the server checks.
 */
export const OPERATIONS: Record<string, OperationInfo> = {
  'get /api/health': { summary: 'Health, version, protocol (no token; names no account)' },
  'get /api/auth/demo-accounts': {
    summary: 'The demo accounts for the login page: demo mode, and only from the server machine itself',
  },
  'post /api/auth/login': { summary: 'Sign in: a session token', body: loginRequestSchema },
  'get /api/auth/me': { summary: 'The signed-in user' },
  'post /api/auth/logout': { summary: 'End this session (the token is refused from now on)' },
  'get /api/accounts': { summary: 'Accounts (sekretariat)' },
  'get /api/accounts/events': { summary: 'Account events, newest first (sekretariat, auditor)' },
  'post /api/accounts': { summary: 'Create an account (sekretariat)', body: createAccountSchema },
  'post /api/accounts/{userId}': {
    summary: "Change an account's name, role or OPD; ends its sessions",
    body: changeAccountSchema,
  },
  'post /api/accounts/{userId}/disable': { summary: 'Disable an account', body: disableAccountSchema },
  'post /api/accounts/{userId}/enable': { summary: 'Enable an account' },
  'post /api/accounts/{userId}/password': {
    summary: "Set a password (one's own, or anyone's as sekretariat)",
    body: setPasswordSchema,
  },
  'post /api/accounts/{userId}/revoke-sessions': { summary: 'End all sessions of an account' },
  'get /api/display-links': { summary: 'Display links (sekretariat)' },
  'post /api/display-links': {
    summary: 'Create a display link for the projector',
    body: createDisplayLinkSchema,
  },
  'post /api/display-links/{linkId}/revoke': { summary: 'Revoke a display link' },
  'get /api/boards': { summary: 'The boards' },
  'get /api/nomenclature': { summary: 'The nomenclature versions this server knows, with counts per level' },
  'get /api/nomenclature/{version}/search': {
    summary: 'Search a version as you type: a code prefix or Indonesian words',
    query: nomenclatureSearchQuerySchema,
  },
  'get /api/nomenclature/{version}': {
    summary: "A nomenclature version's published rows (for a client to build the same lookup)",
  },
  'get /api/boards/{boardId}': {
    summary: 'The board (read model); with at or asOf, the board as of then (time travel)',
    query: pointQuerySchema,
  },
  'get /api/boards/{boardId}/events': {
    summary: 'Recorded events after a revision, in order',
    query: eventsQuerySchema,
  },
  'post /api/boards/{boardId}/commands': {
    summary: 'Run a command (idempotent by commandId); 409 with the conflicting events',
    body: commandEnvelopeSchema,
    status: 200,
  },
  'get /api/boards/{boardId}/programs/{programId}/history': { summary: "A program's history, newest first" },
  'get /api/boards/{boardId}/audit': {
    summary: 'The audit log, filtered and paged',
    query: auditQuerySchema,
  },
  'get /api/boards/{boardId}/compare': {
    summary: 'What changed between two points',
    query: compareQuerySchema,
  },
  'get /api/boards/{boardId}/timeline': { summary: 'Meetings and milestones' },
  'get /api/boards/{boardId}/verify': { summary: 'Recompute the hash chain' },
  'get /api/boards/{boardId}/export/audit.csv': { summary: 'Audit log as CSV', query: auditQuerySchema },
  'get /api/boards/{boardId}/export/audit.jsonl': {
    summary: 'Audit log as JSON Lines',
    query: auditQuerySchema,
  },
  'get /api/boards/{boardId}/export/matrix.xlsx': {
    summary: 'The alignment matrix as XLSX',
    query: pointQuerySchema,
  },
  'get /api/boards/{boardId}/export/rpjmd.xlsx': {
    summary: 'The RPJMD table (Indikasi Rencana Program Prioritas … kebutuhan pendanaan) as XLSX',
    query: pointQuerySchema,
  },
  'get /api/boards/{boardId}/export/rpjmd.html': {
    summary: 'The RPJMD table as printable HTML (A3 landscape)',
    query: pointQuerySchema,
  },
  'post /api/boards/{boardId}/import/preview': {
    summary: 'Import preview of an XLSX or CSV file (multipart: file, opdId?, mapping?); writes nothing',
    body: importOptionsSchema,
  },
  'post /api/boards/{boardId}/import/confirm': {
    summary:
      'Apply a previewed import (multipart: the same file and fields, baseRevision, digest, skipErrors?)',
    body: importConfirmSchema,
  },
  'get /api/boards/{boardId}/export/compare.csv': {
    summary: 'A comparison as CSV',
    query: compareQuerySchema,
  },
  'get /api/docs': { summary: 'This API description as a page (not in production)' },
  'get /api/docs/openapi.json': { summary: 'This API description, OpenAPI 3.1 (not in production)' },
};

export type JsonSchema = Record<string, unknown>;

export const jsonSchemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
};

/** The command body: the envelope, its `data` one of the command types' schemas. */
export function commandBodySchema(): JsonSchema {
  const envelope = jsonSchemaOf(commandEnvelopeSchema) as { properties: Record<string, unknown> };
  const data = {
    oneOf: COMMAND_TYPES.map((type: CommandType) => ({
      title: type,
      ...jsonSchemaOf(commandDataSchemas[type]),
    })),
    description: 'The data of the command named by `type`.',
  };
  return { ...envelope, properties: { ...envelope.properties, data } };
}
