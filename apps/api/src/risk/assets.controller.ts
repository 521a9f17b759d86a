import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AssetView } from '@crescent/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { ApiKeyed, ApiProblem, ApiPaged } from '../http/openapi.decorators';
import { AssetModel, AssetPageModel } from '../http/openapi.models';
import { decodeCursor, parseLimit, parsePathId, type Page } from '../http/params';
import { RiskQueryService } from './risk-query.service';

@ApiTags('assets')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Controller('v1/assets')
export class AssetsController {
  constructor(private readonly queries: RiskQueryService) {}

  @Get()
  @ApiPaged()
  @ApiOkResponse({
    type: AssetPageModel,
    description: 'registry assets by id, with baseline (kb/d) and current status',
  })
  async list(@Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<AssetView>> {
    return this.queries.assets({ cursor: decodeCursor(cursor, ['string']), limit: parseLimit(limit) });
  }

  @Get(':id')
  @ApiOkResponse({ type: AssetModel, description: 'one registry asset with its current status' })
  @ApiProblem(404, 'no such asset')
  async get(@Param('id') id: string): Promise<AssetView> {
    return this.queries.asset(parsePathId('id', id));
  }
}
