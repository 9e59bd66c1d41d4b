import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  type NomenclatureSearchResponse,
  type NomenclatureSource,
  type NomenclatureVersionSummary,
  knownNomenclatures,
  nomenclatureByVersion,
  nomenclatureSearchQuerySchema,
  searchNomenclature,
  validate,
} from '@selaras/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JsonBody, sendJsonBody } from '../http/json-body';
import { ApiError } from '../http/api-error';

/** The versions read at start (version → its published rows), provided by AppModule. */
export const NOMENCLATURE_SOURCES = Symbol('NOMENCLATURE_SOURCES');

/** The nomenclature versions this server knows, and each one's rows for a client to load lazily. */
@Controller('api/nomenclature')
export class NomenclatureController {
  /** Each version's answer, made and compressed once per encoding (a list never changes). */
  private readonly bodies = new Map<string, JsonBody>();

  constructor(
    @Inject(NOMENCLATURE_SOURCES) private readonly sources: ReadonlyMap<string, NomenclatureSource>,
  ) {}

  @Get()
  list(): NomenclatureVersionSummary[] {
    return [...this.sources.values()].map((source) => {
      const entries = [...(nomenclatureByVersion(source.version)?.entries.values() ?? [])];
      const count = (level: string) => entries.filter((e) => e.level === level).length;
      return {
        version: source.version,
        title: source.title,
        source: source.source,
        counts: {
          urusan: count('urusan'),
          bidang: count('bidang'),
          program: count('program'),
          kegiatan: count('kegiatan'),
          subKegiatan: count('subKegiatan'),
        },
      };
    });
  }

  /**
   * Search as you type: codes starting with `q`, or names holding every word of it (Indonesian, case and
   * accents ignored), optionally only some levels or under one code. Any version this server knows
   * (the shipped and added ones and the early sample list), never a generated synthetic one.
   */
  @Get(':version/search')
  search(@Param('version') version: string, @Query() query: unknown): NomenclatureSearchResponse {
    const parsed = validate(nomenclatureSearchQuerySchema, query);
    if (!parsed.success) throw ApiError.validation(parsed.issues);
    const nomenclature = knownNomenclatures().find((n) => n.version === version);
    if (!nomenclature) throw unknownVersion(version);
    const { q, level, under, limit } = parsed.data;
    const results = searchNomenclature(nomenclature, {
      query: q,
      ...(level && level.length > 0 ? { levels: level } : {}),
      ...(under !== undefined ? { under } : {}),
      limit,
    });
    return { version, results };
  }

  /** The version's rows as published (NomenclatureSource); a version never changes, so it caches for good. */
  @Get(':version')
  async source(
    @Param('version') version: string,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const source = this.sources.get(version);
    if (!source) throw unknownVersion(version);
    let body = this.bodies.get(version);
    if (body === undefined) {
      body = new JsonBody(JSON.stringify(source));
      this.bodies.set(version, body);
    }
    res.header('Cache-Control', 'private, max-age=31536000, immutable');
    // Compressed here once rather than by the compression middleware on every download (~30 ms each).
    await sendJsonBody(req, res, body);
  }
}

function unknownVersion(version: string): ApiError {
  const shown = version.slice(0, 100);
  return new ApiError(404, {
    error: 'UnknownNomenclature',
    message: `Versi nomenklatur "${shown}" tidak dikenal.`,
    messageEn: `Unknown nomenclature version "${shown}".`,
  });
}
