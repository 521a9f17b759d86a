import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NATIONAL_ASSET_ID } from '@crescent/domain';
import {
  ApiKeyRepository,
  RiskReadRepository,
  type AlertView,
  type ApiKeyInfo,
  type AssetView,
  type EventView,
  type ScoreView,
} from '@crescent/persistence';
import { ApiError } from '../http/api-error';
import { type Page, toPage } from '../http/params';

export interface PageRequest<C> {
  readonly cursor?: C;
  readonly limit: number;
}

export interface WindowRequest {
  readonly from?: string;
  readonly to?: string;
}

/** A cursor's time or id that was not one we issued (tampered or corrupted). */
function checkCursor(ok: boolean): void {
  if (!ok) throw ApiError.badParameter('cursor', 'cursor is not one this endpoint returned');
}
const isTime = (s: string): boolean => !Number.isNaN(Date.parse(s));

/**
 * The risk officer's read use cases. Each fetches one row more than the page to know
 * whether there is a next page. Unknown assets and events are `not_found`.
 */
@Injectable()
export class RiskQueryService {
  private readonly reads = new RiskReadRepository();
  private readonly keys = new ApiKeyRepository();

  constructor(private readonly ds: DataSource) {}

  async assets(page: PageRequest<readonly [string]>): Promise<Page<AssetView>> {
    const rows = await this.reads.listAssets(this.ds.manager, page.cursor?.[0], page.limit + 1);
    return toPage(rows, page.limit, (a) => [a.id]);
  }

  async asset(id: string): Promise<AssetView> {
    const asset = await this.reads.findAsset(this.ds.manager, id);
    if (!asset) throw ApiError.notFound('id', `no asset "${id}" in the registry`);
    return asset;
  }

  async scores(
    filter: { kind?: string; status?: string; minScore?: number },
    page: PageRequest<readonly [string]>,
  ): Promise<Page<ScoreView>> {
    const rows = await this.reads.latestScores(this.ds.manager, {
      ...filter,
      afterAssetId: page.cursor?.[0],
      limit: page.limit + 1,
    });
    return toPage(rows, page.limit, (s) => [s.assetId]);
  }

  async history(
    assetId: string,
    window: WindowRequest & { stepSeconds?: number },
    page: PageRequest<readonly [string, number]>,
  ): Promise<Page<ScoreView>> {
    if (assetId !== NATIONAL_ASSET_ID) await this.asset(assetId);
    if (page.cursor) checkCursor(isTime(page.cursor[0]));
    const rows = await this.reads.scoreHistory(this.ds.manager, assetId, {
      ...window,
      after: page.cursor ? { asOf: page.cursor[0], seq: page.cursor[1] } : undefined,
      limit: page.limit + 1,
    });
    return toPage(rows, page.limit, (s) => [s.asOf, s.seq]);
  }

  async national(): Promise<ScoreView> {
    const latest = await this.reads.latestScore(this.ds.manager, NATIONAL_ASSET_ID);
    if (!latest) throw new ApiError('not_found', 'no national score has been computed yet');
    return latest;
  }

  async events(
    filter: WindowRequest & { type?: string; assetId?: string },
    page: PageRequest<readonly [string, string]>,
  ): Promise<Page<EventView>> {
    if (page.cursor) checkCursor(isTime(page.cursor[0]));
    const rows = await this.reads.listEvents(this.ds.manager, {
      ...filter,
      before: page.cursor ? { occurredAt: page.cursor[0], id: page.cursor[1] } : undefined,
      limit: page.limit + 1,
    });
    return toPage(rows, page.limit, (e) => [e.occurredAt, e.id]);
  }

  async event(id: string): Promise<EventView> {
    const event = await this.reads.findEvent(this.ds.manager, id);
    if (!event) throw ApiError.notFound('id', `no event "${id}"`);
    return event;
  }

  async alerts(
    filter: WindowRequest & { assetId?: string; status?: string },
    page: PageRequest<readonly [string, string]>,
  ): Promise<Page<AlertView>> {
    if (page.cursor) checkCursor(isTime(page.cursor[0]) && /^\d{1,18}$/.test(page.cursor[1]));
    const rows = await this.reads.listAlerts(this.ds.manager, {
      ...filter,
      before: page.cursor ? { asOf: page.cursor[0], id: page.cursor[1] } : undefined,
      limit: page.limit + 1,
    });
    return toPage(rows, page.limit, (a) => [a.asOf, a.id]);
  }

  async apiKeys(): Promise<ApiKeyInfo[]> {
    return this.keys.list(this.ds.manager);
  }
}
