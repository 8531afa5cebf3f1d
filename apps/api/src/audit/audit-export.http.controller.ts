import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EVENT_STORE, type EventStore } from '@asn/event-store';
import { bundleArchive, EXPORT_FORMATS, writeBundle, type ExportFormat } from '@asn/audit';
import { Roles } from '../auth/roles.decorator';
import { AppConfig } from '../config/app-config';
import { Clock, CLOCK } from '../write/clock';
import { invalid } from './audit-query';

/**
 * `GET /audit/export?format=csv|ndjson`: a ustar archive of the events file and manifest.json. The bundle
 * is written to a temporary directory first (the manifest needs the file's digest), then streamed.
 */
@ApiTags('audit')
@Roles('auditor')
@Controller('audit')
export class AuditExportHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get('export')
  @ApiOperation({
    summary:
      'An archive (tar) of the events and manifest.json (counts, positions, chain heads, sha256 of each file)',
  })
  @ApiProduces('application/x-tar')
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS, description: 'default ndjson' })
  async export(@Query('format') formatParam: string | undefined): Promise<StreamableFile> {
    const format = (formatParam || 'ndjson') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) {
      throw invalid('format', `format "${formatParam}" is not known; use csv or ndjson`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'asn-export-'));
    const cleanUp = () => rmSync(dir, { recursive: true, force: true });
    try {
      const manifest = await writeBundle(this.store, dir, format, this.clock);
      const archive = Readable.from(bundleArchive(dir, manifest));
      archive.once('close', cleanUp);
      const stamp = manifest.createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      return new StreamableFile(archive, {
        type: 'application/x-tar',
        disposition: `attachment; filename="asn-audit-${this.config.INSTANSI}-${stamp}.tar"`,
      });
    } catch (error) {
      cleanUp();
      throw error;
    }
  }
}
