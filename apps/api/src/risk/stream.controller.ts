import { Controller, Headers, type MessageEvent, Sse, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { KnownQueryGuard } from '../http/known-query.guard';
import { ApiKeyed } from '../http/openapi.decorators';
import { RiskStreamService } from './risk-stream.service';

@ApiTags('stream')
@ApiKeyed()
@UseGuards(ApiKeyGuard, KnownQueryGuard)
@Controller('v1/stream')
export class StreamController {
  constructor(private readonly stream: RiskStreamService) {}

  @Sse()
  @ApiOkResponse({
    description:
      'text/event-stream of new scores (event "score"), national scores ("national") and alerts ("alert"), ' +
      'from the database; send Last-Event-ID to resume after the last event received',
  })
  changes(@Headers('last-event-id') lastEventId: string | undefined): Observable<MessageEvent> {
    return this.stream.changes(this.stream.parseLastEventId(lastEventId));
  }
}
