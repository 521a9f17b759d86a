import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EVENT_TYPES } from '@crescent/domain';
import type { EventView } from '@crescent/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { ApiKeyed, ApiProblem, ApiPaged, ApiWindow } from '../http/openapi.decorators';
import { EventModel, EventPageModel } from '../http/openapi.models';
import {
  decodeCursor,
  parseAssetFilter,
  parseChoice,
  parseLimit,
  parsePathId,
  parseWindow,
  type Page,
} from '../http/params';
import { RiskQueryService } from './risk-query.service';

@ApiTags('events')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Controller('v1/events')
export class EventsController {
  constructor(private readonly queries: RiskQueryService) {}

  @Get()
  @ApiPaged()
  @ApiWindow()
  @ApiQuery({
    name: 'type',
    required: false,
    enum: EVENT_TYPES,
    description: 'event type, e.g. force_majeure_declared',
  })
  @ApiQuery({ name: 'asset', required: false, description: 'asset id the event names or impacts' })
  @ApiOkResponse({
    type: EventPageModel,
    description: 'events newest first (by occurrence), each with impacts and evidence',
  })
  async list(
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('type') type?: string,
    @Query('asset') asset?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<EventView>> {
    return this.queries.events(
      {
        ...parseWindow(from, to),
        type: parseChoice('type', type, EVENT_TYPES),
        assetId: parseAssetFilter('asset', asset),
      },
      { cursor: decodeCursor(cursor, ['string', 'string']), limit: parseLimit(limit) },
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: EventModel, description: 'one event with its impacts and evidence' })
  @ApiProblem(404, 'no such event')
  async get(@Param('id') id: string): Promise<EventView> {
    return this.queries.event(parsePathId('id', id));
  }
}
