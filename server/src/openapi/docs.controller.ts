import { Controller, Get, Header } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { Public } from '../auth/auth.guard';
import { docsPage } from './docs-page';
import { type OpenApiDocument, openApiDocument } from './openapi-document';
import { apiRoutes } from './routes';

/**
 * The API description where NestJS users look for it: `/api/docs` (a page) and
 * `/api/docs/openapi.json`. Registered outside production only (app.module.ts).
 */
@Controller('api/docs')
export class DocsController {
  private document: OpenApiDocument | null = null;

  constructor(private readonly modules: ModulesContainer) {}

  @Public()
  @Get('openapi.json')
  openApi(): OpenApiDocument {
    return (this.document ??= openApiDocument(apiRoutes(this.modules)));
  }

  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return docsPage(this.openApi());
  }
}
