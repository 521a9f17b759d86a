import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ApiKeyInfo } from '@crescent/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiKeyed, ApiProblem } from '../http/openapi.decorators';
import { ApiKeyListModel } from '../http/openapi.models';
import { RiskQueryService } from './risk-query.service';

@ApiTags('keys')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Roles('admin')
@Controller('v1/keys')
export class KeysController {
  constructor(private readonly queries: RiskQueryService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyListModel, description: 'every API key (never its secret), admin only' })
  @ApiProblem(403, 'the key is not an admin key')
  async list(): Promise<{ items: ApiKeyInfo[] }> {
    return { items: await this.queries.apiKeys() };
  }
}
