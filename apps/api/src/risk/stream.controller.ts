import { Controller, Headers, type MessageEvent, Req, Sse, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { API_KEY_HEADER, ApiKeyGuard, type AuthenticatedRequest } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { ApiKeyed } from '../http/openapi.decorators';
import { RiskStreamService } from './risk-stream.service';

@ApiTags('stream')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Controller('v1/stream')
export class StreamController {
  constructor(
    private readonly stream: RiskStreamService,
    private readonly guard: ApiKeyGuard,
  ) {}

  @Sse()
  @ApiOkResponse({
    description:
      'text/event-stream of new scores (event "score"), national scores ("national") and alerts ("alert"), ' +
      'from the database; send Last-Event-ID to resume after the last event received',
  })
  changes(
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: AuthenticatedRequest,
  ): Observable<MessageEvent> {
    // The guard let the key in; a stream lasts for hours, so it ends once the key is revoked.
    const presented = String(request.headers[API_KEY_HEADER]);
    return this.stream.changes(
      this.stream.parseLastEventId(lastEventId),
      () => this.guard.stillLive(presented),
      request.apiKey?.id,
    );
  }
}
