import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AlertView,
  ApiKeyInfo,
  AssetView,
  EventView,
  ImpactView,
  ScoreView,
} from '@crescent/persistence';
import type { Page } from './params';

/**
 * Response models for the OpenAPI document. Each `implements` the view the repository
 * returns, so a field added or retyped there fails to compile here until it is documented.
 * Times are ISO-8601 UTC; volumes kb/d.
 */

const RISK_STATUS = ['normal', 'elevated', 'high', 'critical', 'disrupted'];
const JSON_VALUE = { description: 'JSON, as in the registry or event' };

export class AssetModel implements AssetView {
  @ApiProperty({ example: 'es-sider' }) id!: string;
  @ApiProperty({ example: 'Es Sider' }) name!: string;
  @ApiProperty({ example: 'terminal' }) kind!: string;
  @ApiProperty() basin!: string;
  @ApiProperty() operator!: string;
  @ApiProperty(JSON_VALUE) partners!: unknown;
  @ApiProperty({ description: 'kb/d' }) capacityKbd!: number;
  @ApiProperty({ description: 'kb/d' }) baselineKbd!: number;
  @ApiProperty(JSON_VALUE) geometry!: unknown;
  @ApiProperty() precision!: string;
  @ApiProperty(JSON_VALUE) routes!: unknown;
  @ApiProperty(JSON_VALUE) control!: unknown;
  @ApiProperty(JSON_VALUE) aliases!: unknown;
  @ApiProperty({ enum: RISK_STATUS, description: 'status of the latest score; normal before any' })
  status!: string;
  @ApiProperty({ type: Number, nullable: true, description: '0–100' }) score!: number | null;
  @ApiProperty({ type: String, nullable: true }) scoredAt!: string | null;
}

export class ScoreModel implements ScoreView {
  @ApiProperty({ example: 'es-sider', description: 'asset id, or LY for the national score' })
  assetId!: string;
  @ApiProperty({ type: String, nullable: true }) assetName!: string | null;
  @ApiProperty({ type: String, nullable: true }) kind!: string | null;
  @ApiProperty({ description: 'per-asset sequence; a repeated seq is a replay' }) seq!: number;
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: '0–100' }) score!: number;
  @ApiProperty({ description: 'probability of a disruption within the horizon' }) probability!: number;
  @ApiProperty({ description: 'kb/d' }) expectedLossKbd!: number;
  @ApiProperty({ description: 'kb/d' }) baselineKbd!: number;
  @ApiProperty({ enum: RISK_STATUS }) status!: string;
  @ApiProperty({ description: 'events driving the score and their shares' }) drivers!: unknown;
  @ApiPropertyOptional({
    type: Object,
    nullable: true,
    description: 'national only: lossShare, p10Kbd, p50Kbd, p90Kbd, disruptedKbd',
  })
  detail!: Record<string, unknown> | null;
  @ApiProperty() modelVersion!: string;
}

export class ImpactModel implements ImpactView {
  @ApiProperty() assetId!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ description: '0–1' }) intensity!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['start', 'end'] }) outage!: string | null;
  @ApiProperty({ type: String, nullable: true }) via!: string | null;
  @ApiProperty() explanation!: string;
}

export class EventModel implements EventView {
  @ApiProperty() id!: string;
  @ApiProperty() source!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ example: 'force_majeure_declared' }) type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() knownAt!: string;
  @ApiProperty(JSON_VALUE) actors!: unknown;
  @ApiProperty({ type: String, nullable: true }) primaryActor!: string | null;
  @ApiProperty(JSON_VALUE) location!: unknown;
  @ApiProperty(JSON_VALUE) assets!: unknown;
  @ApiProperty({ description: '0–1' }) severity!: number;
  @ApiProperty({ description: '0–1' }) confidence!: number;
  @ApiProperty() summary!: string;
  @ApiProperty({ description: 'the rules and text the classification rests on' }) evidence!: unknown;
  @ApiProperty({ type: [ImpactModel] }) impacts!: ImpactModel[];
}

export class AlertModel implements AlertView {
  @ApiProperty() id!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: RISK_STATUS }) previousStatus!: string;
  @ApiProperty({ enum: RISK_STATUS }) status!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ description: 'kb/d' }) expectedLossKbd!: number;
  @ApiProperty() drivers!: unknown;
  @ApiProperty() modelVersion!: string;
}

export class ApiKeyModel implements ApiKeyInfo {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['viewer', 'admin'] }) role!: 'viewer' | 'admin';
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastUsedAt!: string | null;
}

const NEXT_CURSOR = {
  type: String,
  nullable: true,
  description: 'pass as cursor for the next page; null at the end',
};

export class AssetPageModel implements Page<AssetView> {
  @ApiProperty({ type: [AssetModel] }) items!: AssetModel[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
export class ScorePageModel implements Page<ScoreView> {
  @ApiProperty({ type: [ScoreModel] }) items!: ScoreModel[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
export class EventPageModel implements Page<EventView> {
  @ApiProperty({ type: [EventModel] }) items!: EventModel[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
export class AlertPageModel implements Page<AlertView> {
  @ApiProperty({ type: [AlertModel] }) items!: AlertModel[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
export class ApiKeyListModel {
  @ApiProperty({ type: [ApiKeyModel] }) items!: ApiKeyModel[];
}

class InvalidParamModel {
  @ApiProperty() name!: string;
  @ApiProperty() reason!: string;
}

/** RFC 9457 problem details, served as application/problem+json. */
export class ProblemModel {
  @ApiProperty() type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty() instance!: string;
  @ApiPropertyOptional({ type: [InvalidParamModel], name: 'invalid-params' })
  invalidParams?: InvalidParamModel[];
}
