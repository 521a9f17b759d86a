import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NATIONAL_ASSET_ID } from '@crescent/domain';
import type { ScoreView } from '@crescent/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { ApiKeyed, ApiProblem, ApiPaged, ApiWindow } from '../http/openapi.decorators';
import { ScoreModel, ScorePageModel } from '../http/openapi.models';
import { decodeCursor, parseLimit, parseStep, parseWindow, type Page } from '../http/params';
import { RiskQueryService } from './risk-query.service';

@ApiTags('national')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Controller('v1/national')
export class NationalController {
  constructor(private readonly queries: RiskQueryService) {}

  @Get()
  @ApiOkResponse({
    type: ScoreModel,
    description: 'the latest national score; detail holds lossShare, p10Kbd, p50Kbd, p90Kbd, disruptedKbd',
  })
  @ApiProblem(404, 'no national score yet')
  async latest(): Promise<ScoreView> {
    return this.queries.national();
  }

  @Get('history')
  @ApiPaged()
  @ApiWindow()
  @ApiQuery({ name: 'step', required: false, description: 'ISO-8601 duration: the last score of each step' })
  @ApiOkResponse({ type: ScorePageModel, description: 'national scores, oldest first' })
  async history(
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('step') step?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<ScoreView>> {
    return this.queries.history(
      NATIONAL_ASSET_ID,
      { ...parseWindow(from, to), stepSeconds: parseStep(step) },
      { cursor: decodeCursor(cursor, ['string', 'number']), limit: parseLimit(limit) },
    );
  }
}
