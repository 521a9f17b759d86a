import type { EventType } from '../events/event-type';

/**
 * CAMEO event codes (GDELT EventCode) mapped to Crescent's taxonomy.
 *
 * GDELT codes the kind of action, not the story: one "Haftar left Moscow without
 * signing" article yields 046 "engage in negotiation" (Goldstein +7) next to 125/127
 * "reject" (-5). So the Goldstein sign decides nothing here; specific codes do. Codes
 * are looked up most specific first (`1246`, then `124`, then `12`).
 *
 * Some targets depend on the row:
 *  - `facility-or-clash`: violence (17x seizure/damage, 18x, 19x) is `facility_attack`
 *    when the action location names an oil asset, `armed_clash` otherwise;
 *  - `blockade` (191 impose blockade): at a named terminal `port_blockade`, at a field
 *    `field_shutdown`, at a pipeline, pumping station or valve `valve_closure`, else
 *    `armed_clash` (a blockade of a town is siege warfare, not an oil outage);
 *  - `posture` (15x exhibit force posture): `foreign_deployment` when Actor1 is a
 *    foreign state, else `armed_clash` (mobilisation before fighting).
 * Appeals and demands for peace (02x, 1056, 107, 108) and 13x threats are verbal: they
 * map as the news classifier maps threats and appeals (see THREATENED_TYPE) and carry
 * lower confidence.
 */
export type CameoTarget = EventType | 'facility-or-clash' | 'blockade' | 'posture';

export interface CameoEntry {
  readonly target: CameoTarget;
  readonly label: string;
  /** Words, not deeds: threats, appeals, demands. */
  readonly verbal: boolean;
}

const e = (target: CameoTarget, label: string, verbal = false): CameoEntry => ({ target, label, verbal });

export const CAMEO_TAXONOMY: ReadonlyMap<string, CameoEntry> = new Map<string, CameoEntry>([
  ['026', e('talks_progressing', 'appeal to others to meet or negotiate', true)],
  ['027', e('talks_progressing', 'appeal to others to settle dispute', true)],
  ['0256', e('talks_progressing', 'appeal for de-escalation of military engagement', true)],
  ['036', e('talks_progressing', 'express intent to meet or negotiate', true)],
  ['037', e('talks_progressing', 'express intent to settle dispute', true)],
  ['0356', e('talks_progressing', 'express intent to de-escalate military engagement', true)],
  ['039', e('talks_progressing', 'express intent to mediate', true)],
  ['043', e('talks_progressing', 'host a visit')],
  ['044', e('talks_progressing', 'meet at a third location')],
  ['045', e('talks_progressing', 'mediate')],
  ['046', e('talks_progressing', 'engage in negotiation')],
  ['057', e('talks_progressing', 'sign formal agreement')],
  ['08', e('talks_progressing', 'yield')],
  ['087', e('ceasefire_agreed', 'de-escalate military engagement')],
  ['0871', e('ceasefire_agreed', 'declare truce, ceasefire')],
  ['0872', e('restart', 'ease military blockade')],
  ['0873', e('ceasefire_agreed', 'demobilize armed forces')],
  ['0874', e('ceasefire_agreed', 'retreat or surrender militarily')],
  ['1056', e('talks_progressing', 'demand de-escalation of military engagement', true)],
  ['107', e('talks_progressing', 'demand ceasefire', true)],
  ['108', e('talks_progressing', 'demand meeting, negotiation', true)],
  ['124', e('talks_failed', 'refuse to yield')],
  ['1244', e('sanctions', 'refuse to ease economic sanctions, boycott, or embargo')],
  ['1246', e('talks_failed', 'refuse to de-escalate military engagement')],
  ['125', e('talks_failed', 'reject proposal to meet, discuss, or negotiate')],
  ['126', e('talks_failed', 'reject mediation')],
  ['127', e('talks_failed', 'reject plan, agreement to settle dispute')],
  ['13', e('talks_failed', 'threaten', true)],
  ['1312', e('sanctions', 'threaten to boycott, embargo, or sanction', true)],
  ['1381', e('facility_protest', 'threaten blockade', true)],
  ['14', e('facility_protest', 'protest')],
  ['144', e('facility_protest', 'obstruct passage, block')],
  ['145', e('facility_protest', 'protest violently, riot')],
  ['15', e('posture', 'exhibit force posture')],
  ['16', e('talks_failed', 'reduce relations')],
  ['162', e('sanctions', 'reduce or stop material aid')],
  ['163', e('sanctions', 'impose embargo, boycott, or sanctions')],
  ['164', e('talks_failed', 'halt negotiations')],
  ['165', e('talks_failed', 'halt mediation')],
  ['166', e('talks_failed', 'expel or withdraw')],
  ['171', e('facility-or-clash', 'seize or damage property')],
  ['172', e('institutional_crisis', 'impose administrative sanctions')],
  ['175', e('armed_clash', 'use tactics of violent repression')],
  ['18', e('facility-or-clash', 'use unconventional violence')],
  ['19', e('facility-or-clash', 'fight with conventional military force')],
  ['191', e('blockade', 'impose blockade, restrict movement')],
  ['196', e('ceasefire_violated', 'violate ceasefire')],
  ['20', e('armed_clash', 'use unconventional mass violence')],
]);

/** The entry for a code, most specific first; undefined when no prefix is mapped. */
export function cameoEntry(code: string): { readonly code: string; readonly entry: CameoEntry } | undefined {
  for (let n = code.length; n >= 2; n--) {
    const prefix = code.slice(0, n);
    const entry = CAMEO_TAXONOMY.get(prefix);
    if (entry !== undefined) return { code: prefix, entry };
  }
  return undefined;
}

export interface CameoContext {
  /** Kinds of the oil assets the action location names. */
  readonly assetKinds: readonly string[];
  readonly foreignActor: boolean;
}

export function resolveCameoTarget(target: CameoTarget, ctx: CameoContext): EventType {
  if (target === 'facility-or-clash') return ctx.assetKinds.length > 0 ? 'facility_attack' : 'armed_clash';
  if (target === 'blockade') {
    if (ctx.assetKinds.includes('terminal')) return 'port_blockade';
    if (ctx.assetKinds.some((k) => k === 'pipeline' || k === 'pumping_station' || k === 'valve'))
      return 'valve_closure';
    if (ctx.assetKinds.some((k) => k === 'field' || k === 'refinery')) return 'field_shutdown';
    return 'armed_clash';
  }
  if (target === 'posture') return ctx.foreignActor ? 'foreign_deployment' : 'armed_clash';
  return target;
}
