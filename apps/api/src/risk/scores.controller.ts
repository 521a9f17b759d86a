import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ASSET_KINDS, RISK_STATUSES } from '@crescent/domain';
import type { ScoreView } from '@crescent/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { ApiKeyed, ApiProblem, ApiPaged, ApiWindow } from '../http/openapi.decorators';
import { ScorePageModel } from '../http/openapi.models';
import {
  decodeCursor,
  parseChoice,
  parseLimit,
  parseNumber,
  parsePathId,
  parseStep,
  parseWindow,
  type Page,
} from '../http/params';
import { RiskQueryService } from './risk-query.service';

@ApiTags('scores')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Controller('v1/scores')
export class ScoresController {
  constructor(private readonly queries: RiskQueryService) {}

  @Get()
  @ApiPaged()
  @ApiQuery({ name: 'kind', required: false, enum: ASSET_KINDS })
  @ApiQuery({ name: 'status', required: false, enum: RISK_STATUSES })
  @ApiQuery({ name: 'minScore', required: false, description: 'score 0–100, inclusive' })
  @ApiOkResponse({ type: ScorePageModel, description: 'the latest score of each scored asset, by asset id' })
  async list(
    @Query('kind') kind?: string,
    @Query('status') status?: string,
    @Query('minScore') minScore?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<ScoreView>> {
    return this.queries.scores(
      {
        kind: parseChoice('kind', kind, ASSET_KINDS),
        status: parseChoice('status', status, RISK_STATUSES),
        minScore: parseNumber('minScore', minScore, 0, 100),
      },
      { cursor: decodeCursor(cursor, ['string']), limit: parseLimit(limit) },
    );
  }

  @Get(':assetId/history')
  @ApiPaged()
  @ApiWindow()
  @ApiQuery({ name: 'step', required: false, description: 'ISO-8601 duration: the last score of each step' })
  @ApiOkResponse({ type: ScorePageModel, description: "an asset's scores, oldest first" })
  @ApiProblem(404, 'no such asset')
  async history(
    @Param('assetId') assetId: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('step') step?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<ScoreView>> {
    return this.queries.history(
      parsePathId('assetId', assetId),
      { ...parseWindow(from, to), stepSeconds: parseStep(step) },
      { cursor: decodeCursor(cursor, ['string', 'number']), limit: parseLimit(limit) },
    );
  }
}
