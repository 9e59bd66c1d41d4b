import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import {
  type ImportPreview,
  type ImportProgressLine,
  type SessionUser,
  importConfirmSchema,
  importOptionsSchema,
  validate,
} from '@selaras/shared';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multer from 'multer';
import { checkId } from '../audit/read-access';
import { actorOf } from '../auth/auth.service';
import { CurrentUser } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { ImportGate } from './import-gate';
import { ImportService, type UploadedSheet, assertMayImport } from './import.service';

/** The largest file an import takes (docs/api.md "Import"). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 1024 * 1024, parts: 12 },
}).single('file');

/** Thin: reads the multipart upload and its fields, checks them, and delegates. */
@Controller('api/boards/:boardId/import')
export class ImportController {
  private readonly gate = new ImportGate();

  constructor(private readonly imports: ImportService) {}

  @Post('preview')
  async preview(
    @Param('boardId') boardId: string,
    @CurrentUser() user: SessionUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const actor = actorOf(user);
    assertMayImport(actor);
    await this.gate.enter(request.raw, reply.raw);
    const { file, fields } = await receive(request.raw, reply.raw);
    const parsed = validate(importOptionsSchema, optionsFrom(fields, false));
    if (!parsed.success) throw ApiError.validation(parsed.issues);
    const preview: ImportPreview = await this.imports.preview(
      checkId(boardId, 'board'),
      file,
      parsed.data,
      actor,
    );
    await reply.status(200).send(preview);
  }

  /**
   * Applies a previewed import. With `Accept: application/x-ndjson` the answer streams progress lines
   * and ends with the result line; otherwise it is the result as JSON when the batch is over.
   */
  @Post('confirm')
  async confirm(
    @Param('boardId') boardId: string,
    @CurrentUser() user: SessionUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const actor = actorOf(user);
    assertMayImport(actor);
    const req = request.raw;
    const res = reply.raw;
    await this.gate.enter(req, res);
    const { file, fields } = await receive(req, res);
    const parsed = validate(importConfirmSchema, optionsFrom(fields, true));
    if (!parsed.success) throw ApiError.validation(parsed.issues);
    const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
    let started = false;
    let lastSent = 0;
    const line = (value: ImportProgressLine) => {
      res.write(`${JSON.stringify(value)}\n`);
    };
    const running = this.imports.confirm(
      checkId(boardId, 'board'),
      file,
      parsed.data,
      actor,
      (done, total) => {
        if (!streaming) return;
        if (!started) {
          started = true;
          res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' });
        }
        const now = Date.now();
        if (done === total || now - lastSent >= 100) {
          lastSent = now;
          line({ kind: 'progress', done, total });
        }
      },
    );
    let outcome: Awaited<typeof running>;
    try {
      outcome = await running;
    } catch (error) {
      if (!res.headersSent) throw error;
      // Mid-stream, the only honest signal left is to cut the answer short.
      res.destroy(error as Error);
      return;
    }
    if (streaming) {
      if (!started)
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' });
      line({ kind: 'result', status: outcome.status, result: outcome.result });
      res.end();
      return;
    }
    if (outcome.status === 200) await reply.status(200).send(outcome.result);
    else {
      const failure = outcome.result.failure;
      await reply.status(outcome.status).send({
        error: 'ImportIncomplete',
        message: `Impor berhenti di baris ${failure?.rows.join(', ') ?? '?'}: ${failure?.message ?? ''} Yang sudah masuk tetap tersimpan; impor file yang sama lagi untuk melanjutkan.`,
        messageEn: `The import stopped at row ${failure?.rows.join(', ') ?? '?'}: ${failure?.messageEn ?? ''} What was applied stays; import the same file again to continue.`,
        result: outcome.result,
      });
    }
  }
}

/** The multipart body: the file (field `file`) and the text fields. */
async function receive(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<{ file: UploadedSheet; fields: Record<string, unknown> }> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data'))
    throw new ApiError(415, {
      error: 'UnsupportedMediaType',
      message: 'Kirim file sebagai multipart/form-data dengan bidang "file".',
      messageEn: 'Send the file as multipart/form-data with the field "file".',
    });
  await new Promise<void>((resolve, reject) => {
    // multer reads the raw request (Fastify leaves a multipart body unread) and puts what it read on it.
    upload(req as never, res as never, (error: unknown) => (error ? reject(uploadError(error)) : resolve()));
  });
  const { file, body } = req as IncomingMessage & { file?: Express.Multer.File; body?: unknown };
  if (!file)
    throw new ApiError(400, {
      error: 'NoFile',
      message: 'Tidak ada file; kirim file XLSX atau CSV di bidang "file".',
      messageEn: 'No file; send an XLSX or CSV file in the field "file".',
    });
  return {
    file: { bytes: file.buffer, name: file.originalname ?? '' },
    fields: (body ?? {}) as Record<string, unknown>,
  };
}

function uploadError(error: unknown): ApiError {
  const code = (error as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE')
    return new ApiError(413, {
      error: 'FileTooLarge',
      message: 'File terlalu besar: impor menerima paling besar 20 MB. Pecah menjadi beberapa file.',
      messageEn: 'The file is too large: import takes at most 20 MB. Split it into several files.',
    });
  return new ApiError(400, {
    error: 'BadRequest',
    message: 'Unggahan tidak dapat dibaca (multipart/form-data dengan satu bidang "file").',
    messageEn: `The upload cannot be read (multipart/form-data with one field "file")${code ? `: ${code}` : ''}.`,
  });
}

/** Text fields to the options schema's shape: `mapping` is JSON, `skipErrors` "true"/"false". */
function optionsFrom(fields: Record<string, unknown>, confirm: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === '' || value === undefined) continue;
    if (key === 'mapping' && typeof value === 'string') {
      try {
        out.mapping = JSON.parse(value);
      } catch {
        throw new ApiError(400, {
          error: 'ValidationFailed',
          message: 'Bidang "mapping" harus JSON, mis. {"4":"pagu.2026","5":"ignore"}.',
          messageEn: 'The field "mapping" must be JSON, e.g. {"4":"pagu.2026","5":"ignore"}.',
          issues: [],
        });
      }
    } else if (key === 'skipErrors' && confirm) out.skipErrors = value === 'true' || value === true;
    else out[key] = value;
  }
  return out;
}
