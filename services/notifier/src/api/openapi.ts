import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ApiKeyGuard } from './api-key.guard';
import { NOTIFIER_RUNTIME } from './tokens';
import { WatchLinksController } from './watch-links.controller';
import { WatchesController } from './watches.controller';

// The controllers' dependencies are declared so the graph resolves; a preview application never instantiates them.
@Module({
  controllers: [WatchesController, WatchLinksController],
  providers: [{ provide: NOTIFIER_RUNTIME, useValue: null }, ApiKeyGuard],
})
class ApiDocsModule {}

/**
 * The OpenAPI document of the notifier's HTTP API, read from the controllers' decorators. It is built in a preview
 * application (controllers scanned, nothing instantiated), so it needs neither a database nor a bus.
 */
export async function notifierOpenApi(): Promise<OpenAPIObject> {
  const preview = await NestFactory.create(ApiDocsModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const config = new DocumentBuilder()
      .setTitle('detainer-watch notifier')
      .setDescription(
        'Watches: register a jurisdiction and an email address, confirm by the emailed link, and get one email ' +
          'per ICE Declined Detainer report that lists it. Management endpoints need the API key.',
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'apiKey')
      .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
      .build();
    return SwaggerModule.createDocument(preview, config);
  } finally {
    await preview.close();
  }
}

/** Serves the document at /docs (Swagger UI) and /docs-json; bootstrapService calls it before the app listens. */
export async function serveOpenApi(app: INestApplication): Promise<void> {
  SwaggerModule.setup('docs', app, await notifierOpenApi(), { jsonDocumentUrl: 'docs-json' });
}
