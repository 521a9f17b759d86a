import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RISK_STATUSES } from '@crescent/domain';
import type { AlertView } from '@crescent/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { ApiKeyed, ApiPaged, ApiWindow } from '../http/openapi.decorators';
import { AlertPageModel } from '../http/openapi.models';
import {
  decodeCursor,
  parseAssetFilter,
  parseChoice,
  parseLimit,
  parseWindow,
  type Page,
} from '../http/params';
import { RiskQueryService } from './risk-query.service';

@ApiTags('alerts')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly queries: RiskQueryService) {}

  @Get()
  @ApiPaged()
  @ApiWindow()
  @ApiQuery({ name: 'asset', required: false, description: 'asset id, or LY' })
  @ApiQuery({ name: 'status', required: false, enum: RISK_STATUSES, description: 'the status crossed into' })
  @ApiOkResponse({ type: AlertPageModel, description: 'status crossings, newest first' })
  async list(
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('asset') asset?: string,
    @Query('status') status?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<AlertView>> {
    return this.queries.alerts(
      {
        ...parseWindow(from, to),
        assetId: parseAssetFilter('asset', asset, { orNational: true }),
        status: parseChoice('status', status, RISK_STATUSES),
      },
      { cursor: decodeCursor(cursor, ['string', 'string']), limit: parseLimit(limit) },
    );
  }
}
