import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import {
  type NomenclatureSource,
  type NomenclatureVersionSummary,
  nomenclatureByVersion,
} from '@selaras/shared';
import type { Response } from 'express';
import { ApiError } from '../http/api-error';

/** The versions read at start (version → its published rows), provided by AppModule. */
export const NOMENCLATURE_SOURCES = Symbol('NOMENCLATURE_SOURCES');

/** The nomenclature versions this server knows, and each one's rows for a client to load lazily. */
@Controller('api/nomenclature')
export class NomenclatureController {
  private readonly bodies = new Map<string, string>();

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

  /** The version's rows as published (NomenclatureSource); a version never changes, so it caches for good. */
  @Get(':version')
  source(@Param('version') version: string, @Res() res: Response): void {
    const source = this.sources.get(version);
    if (!source)
      throw new ApiError(404, {
        error: 'UnknownNomenclature',
        message: `Versi nomenklatur "${version}" tidak dikenal.`,
        messageEn: `Unknown nomenclature version "${version}".`,
      });
    let body = this.bodies.get(version);
    if (body === undefined) {
      body = JSON.stringify(source);
      this.bodies.set(version, body);
    }
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('X-Uncompressed-Length', Buffer.byteLength(body));
    res.type('application/json').send(body);
  }
}
