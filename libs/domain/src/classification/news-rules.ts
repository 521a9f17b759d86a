import type { PhraseRuleSpec, SlotSpec, SlotTag } from './phrase-rule';

/*
 * The news extractor's phrase rules. Each is a small, readable pattern over words and
 * named things; what a rule means is in its id and its type. Negation, threats, hedges
 * and background tense are handled once for every rule by the classifier (see
 * news-classifier.ts), so the patterns only describe the event itself.
 *
 * Weights: ~1.0 a plain statement of the event; above 1 for the most specific wordings
 * (force majeure, a valve) so they win over a generic "closed" in the same sentence;
 * below 1 for wordings that usually describe the event only in passing.
 */

// ---- lexicon -------------------------------------------------------------------------

const CLOSE_VERB =
  'close|closes|closed|closing|closure|closures|shut|shuts|shutting|shut down|shuts down|shutting down|shut off|shut in|shutdown|shutdowns|' +
  'halt|halts|halted|halting|stop|stops|stopped|stopping|stoppage|suspend|suspends|suspended|suspending|suspension|' +
  'block|blocks|blocked|blocking|blockade|blockades|blockaded|blockading|cut off|cuts off|sealed off|seal off|prevented|prevent';

const CLOSED_STATE =
  'closed|shut|shut down|shut in|halted|stopped|suspended|blocked|blockaded|cut off|sealed|closure|closures|shutdown|shutdowns|' +
  'blockade|stoppage|came to a halt|ground to a halt|offline|remain closed|remains closed|remained closed|close|closes|halt|stop|stops|' +
  'dry up|dried up|dries up|drying up';

const PORT_WORDS =
  'port|ports|terminal|terminals|harbour|harbours|harbor|harbors|exports|export|loadings|loading|shipments|oil exports|crude exports';
const FIELD_WORDS =
  'field|fields|oilfield|oilfields|production|output|oil production|crude production|wells|refinery|refineries|pumping';
const CONDUIT_WORDS = 'valve|valves|pipeline|pipelines|pumping station|pump station|oil pipeline';
const FACILITY_WORDS =
  'facility|facilities|installation|installations|oil installations|tank|tanks|storage tanks|plant|oil workers|oil facilities|' +
  'port|ports|terminal|terminals|field|fields|oilfield|oilfields|refinery|pipeline|pipelines|valve|pumping station';

const PORT: SlotSpec = { words: PORT_WORDS, tags: ['terminal'] };
const FIELD: SlotSpec = { words: FIELD_WORDS, tags: ['field', 'refinery'] };
const CONDUIT: SlotSpec = { words: CONDUIT_WORDS, tags: ['conduit'] };
const ANY_FACILITY: SlotSpec = { words: FACILITY_WORDS, tags: ['asset'] };
const ANY_OBJECT: SlotSpec = { words: `${PORT_WORDS}|${FIELD_WORDS}|${CONDUIT_WORDS}`, tags: ['asset'] };

const FORCE_MAJEURE = 'force majeure|force majeur';
const DECLARE =
  'declare|declares|declared|declaring|declaration|impose|imposes|imposed|imposing|announce|announces|announced|announcing|' +
  'invoke|invokes|invoked|invoking|extend|extends|extended|extending|placed under|put under';
const DECLARED_STATE =
  'declared|imposed|invoked|announced|extended|remains in place|remain in place|in place|in effect';
const LIFT =
  'lift|lifts|lifted|lifting|end|ends|ended|ending|remove|removes|removed|removing|cancel|cancels|cancelled|canceled|' +
  'revoke|revokes|revoked|rescind|rescinds|rescinded|called off|calls off|withdrew|withdraws|withdrawn';
const LIFTED_STATE = 'lifted|ended|removed|cancelled|canceled|revoked|rescinded|called off|over';
const REOPEN =
  'reopen|reopens|reopened|reopening|re open|re opened|re opens|restart|restarts|restarted|restarting|resume|resumes|resumed|' +
  'resuming|resumption|back online|back on stream|came back online|returned to production|return to production|' +
  'recommence|recommenced|ramp up|ramped up|ramping up|restore|restored|restoring|restoration|reactivated|reactivate';
const STOPPAGE_NOUN = 'blockade|blockades|closure|closures|shutdown|shutdowns|stoppage|siege|shut in';

const ATTACK =
  'attack|attacks|attacked|attacking|attack on|struck|shelled|shelling|bombed|bombing|bomb|raided|raid|raids|storm|storms|stormed|storming|' +
  'seized|seize|seizes|seizing|captured|capture|captures|overran|overrun|took control of|take control of|taken control of|' +
  'set fire to|torched|sabotaged|sabotage|blew up|blown up|damaged|looted|targeted|targeting|rocket|rockets|missile|missiles|' +
  'explosion|explosions|blast|ambush|ambushed|assault|assaulted|air strike|air strikes|airstrike|airstrikes|drone strike|drone strikes|' +
  'drone attack|kidnapped|abducted';
const ATTACKED_STATE =
  'attacked|shelled|bombed|raided|stormed|seized|captured|overrun|hit|targeted|damaged|torched|sabotaged|ablaze|on fire|' +
  'came under attack|came under fire|under attack|under fire|blown up|looted';

const FIGHTING =
  'clash|clashes|clashed|clashing|fighting|fought|battle|battles|battled|offensive|heavy fighting|shelling|gunfire|exchange of fire|' +
  'skirmish|skirmishes|air strike|air strikes|airstrike|airstrikes|drone strike|drone strikes|counteroffensive|counter offensive';
const FIGHTING_NOT_AFTER =
  'end|ends|ended|ending|stop|stopping|halt|halting|spare|spared|cessation|since|after|years|months|weeks|amid';
const ASSAULT_VERB =
  'attack|attacks|attacked|attacking|offensive|advance|advanced|advancing|shelled|bombed|push|pushed|assault|assaulted|marched|march';

const CEASEFIRE =
  'ceasefire|ceasefires|cease fire|cease fires|truce|truces|armistice|cessation of hostilities';
const AGREE =
  'agreed|agree|agrees|agreeing|signed|sign|signs|signing|accepted|accept|accepts|declared|declare|declares|announced|announce|' +
  'reached|reach|brokered|broker|concluded|observe|observing|observed|respect|respecting|committed to';
const IN_EFFECT =
  'took effect|takes effect|went into effect|came into effect|comes into effect|into effect|came into force|comes into force|into force|' +
  'was agreed|was signed|were agreed|holding|holds|held|began|begins|started|is respected|was respected|' +
  // Headline passives: "Ceasefire agreed in Libya", "Truce signed in Tripoli".
  'agreed|signed|reached|announced|declared|brokered';
const VIOLATE =
  'violated|violate|violates|violating|violation|violations|breached|breach|breaches|breaching|broke|broken|shattered|undermined|flouted|ignored';
const VIOLATED_STATE =
  'violation|violations|breach|breaches|violated|breached|collapsed|collapses|collapse|collapsing|broke down|breaks down|fell apart|' +
  'falls apart|fall apart|shattered|crumbled|in tatters|unravelled|unraveled|unravels';

const TALKS =
  'talks|negotiations|negotiation|dialogue|summit|conference|meeting|peace process|peace talks|deal|agreement|accord|initiative|' +
  'peace plan|peace conference|ceasefire deal|ceasefire agreement|ceasefire talks|truce talks|document|roadmap|plan|proposal';
const FAIL_STATE =
  'collapsed|collapse|collapses|collapsing|failed|fail|fails|broke down|break down|breaks down|broken down|stalled|stall|stalls|' +
  'faltered|foundered|fell apart|fall apart|fell through|falls through|ended in failure|ended without|derailed|came to nothing|deadlocked|deadlock';
const WALK_OUT =
  'left|leave|leaves|leaving|departed|walked out|walks out|walking out|walk out|pulled out|stormed out|quit|quits|abandoned|exited|' +
  'flew home|flew back|flew out|flown out|returned home|went home';
const WITHOUT_DEAL =
  'without signing|without agreeing|without a deal|without an agreement|without accepting|without endorsing|without reaching|' +
  'empty handed|with no deal|with no agreement';
const REFUSE =
  'refused|refuses|refuse|refusing|declined|declines|decline|rejected|rejects|reject|rejecting|turned down|turns down|balked|snubbed|spurned';
const REFUSED_OBJECT = `sign|signing|${TALKS}|${CEASEFIRE}|proposal|proposals|offer|demands|call|calls|invitation`;
const QUIT_TALKS =
  'walked out of|walks out of|walk out of|pulled out of|pulls out of|withdrew from|withdraws from|withdrawn from|suspended|suspends|' +
  'halted|halts|boycotted|boycotts|boycott|abandoned|snubbed|skipped|broke off|breaks off|break off|cut off|froze|freezes';

const SEAL_DEAL =
  'signed|sign|signs|signing|agreed|agree|agrees|reached|reach|clinched|struck|concluded|finalised|finalized|initialled|initialed|' +
  'endorsed|endorse|accepted|accept|welcomed';
const DEAL =
  'deal|agreement|accord|roadmap|document|peace plan|plan|text|memorandum|framework|settlement|compromise';
const PROGRESS =
  'progress|progressed|progressing|breakthrough|constructive|positive|productive|resumed|resume|resumes|made progress|advancing|advanced|' +
  'moving forward|on track';
const NEGOTIATE =
  'held talks|hold talks|holds talks|holding talks|negotiated|negotiating|mediated|mediating|mediation|brokered|brokering|agreed to meet|' +
  'agreed to attend|will attend|attended|engaged in negotiations|peace talks|ceasefire talks|truce talks|peace conference';

const DEPLOY =
  'deployed|deploy|deploys|deploying|deployment|dispatched|dispatch|dispatches|sent|send|sends|sending|airlifted|arrived|arrive|arrives|' +
  'landed|flown in|shipped|shipping|delivered|delivering|transferred';
const FORCES =
  'troops|forces|soldiers|mercenaries|fighters|advisers|advisors|trainers|drones|warships|frigates|air defence|air defense|jets|' +
  'fighter jets|military equipment|weapons|arms|contractors|military personnel|personnel|armoured vehicles|armored vehicles';
const FOREIGN_PRESENCE =
  'mercenaries|foreign fighters|foreign forces|foreign troops|foreign military|syrian fighters|syrian mercenaries';
const NOT_DEPLOYED =
  'withdrawal|withdraw|withdrew|withdrawing|expel|expelled|expulsion|leave|exit|pull out|pullout|departure|remove|removal';

const INSTITUTION_WORDS =
  'central bank|national oil corporation|noc|oil revenues|oil revenue|revenues|revenue|budget|governor|parliament|oil ministry|' +
  'house of representatives|presidential council';
const INSTITUTION: SlotSpec = { words: INSTITUTION_WORDS, tags: ['actor:cbl', 'actor:noc', 'actor:hor'] };
const CRISIS =
  'dispute|disputes|row|split|crisis|standoff|stand off|struggle|power struggle|rival|parallel|froze|frozen|freeze|freezing|divided|' +
  'division|sacked|dismissed|replaced|ousted|takeover|took over|seized control|dual|contested|impasse|paralysed|paralyzed';
const RIVAL = 'parallel|rival|breakaway|competing|dual';
const RIVAL_BODY =
  'noc|national oil corporation|oil corporation|government|governments|administration|administrations|central bank|central banks|parliament|cabinet';

const SANCTION =
  'sanctions|sanctioned|sanction|sanctioning|embargo|embargoes|embargoed|blacklisted|blacklist|asset freeze|travel ban|asset freezes';
const NOT_SANCTION = 'lift|lifted|lifting|ease|eased|easing|remove|removed|removing|end|ended|relief|waiver';

const PROTEST =
  'protest|protests|protested|protesting|protester|protesters|protestor|protestors|demonstrators|demonstration|demonstrations|' +
  'demonstrated|sit in|sit ins|strike|strikes|striking|strikers|went on strike|on strike|rally|rallies|picket|pickets|picketed|' +
  'tribal protesters|angry residents|unpaid guards|guards demanding|workers demanding';
const NOT_PROTEST = 'air|drone|missile|airstrike|hunger';

const actor = (id: string): SlotTag => `actor:${id}`;

// ---- rules ---------------------------------------------------------------------------

export const NEWS_RULES: readonly PhraseRuleSpec[] = [
  // Force majeure: declared, or in force. "Lifted force majeure" is a restart, below.
  {
    id: 'force_majeure_declared/declare-force-majeure',
    type: 'force_majeure_declared',
    weight: 1.4,
    gap: 4,
    slots: [{ words: DECLARE }, { words: FORCE_MAJEURE }],
  },
  {
    id: 'force_majeure_declared/force-majeure-declared',
    type: 'force_majeure_declared',
    weight: 1.4,
    slots: [{ words: FORCE_MAJEURE }, { words: DECLARED_STATE }],
  },
  {
    id: 'force_majeure_declared/force-majeure-on',
    type: 'force_majeure_declared',
    weight: 1.0,
    gap: 1,
    slots: [{ words: FORCE_MAJEURE }, { words: 'on|at|over|for|across|covering' }],
    unlessBefore: `${LIFT}|${REOPEN}`,
    unlessAfter: LIFTED_STATE,
  },
  {
    id: 'force_majeure_declared/under-force-majeure',
    type: 'force_majeure_declared',
    weight: 1.0,
    gap: 0,
    slots: [{ words: 'under' }, { words: FORCE_MAJEURE }],
    unlessBefore: `${LIFT}|${REOPEN}`,
  },

  // Restarts: force majeure lifted, a blockade ended, a facility reopened.
  {
    id: 'restart/lift-force-majeure',
    type: 'restart',
    weight: 1.5,
    gap: 4,
    slots: [{ words: LIFT }, { words: FORCE_MAJEURE }],
  },
  {
    id: 'restart/force-majeure-lifted',
    type: 'restart',
    weight: 1.5,
    slots: [{ words: FORCE_MAJEURE }, { words: LIFTED_STATE }],
  },
  {
    id: 'restart/end-blockade',
    type: 'restart',
    weight: 1.2,
    slots: [{ words: LIFT }, { words: STOPPAGE_NOUN }],
  },
  {
    id: 'restart/blockade-lifted',
    type: 'restart',
    weight: 1.2,
    slots: [{ words: STOPPAGE_NOUN }, { words: LIFTED_STATE }],
  },
  {
    id: 'restart/reopen-facility',
    type: 'restart',
    weight: 1.2,
    gap: 4,
    slots: [{ words: REOPEN }, ANY_OBJECT],
  },
  {
    id: 'restart/facility-reopened',
    type: 'restart',
    weight: 1.2,
    gap: 4,
    slots: [ANY_OBJECT, { words: REOPEN }],
  },

  // Outages. A valve or pipeline is the most specific, then ports, then fields.
  {
    id: 'valve_closure/close-valve',
    type: 'valve_closure',
    weight: 1.3,
    gap: 4,
    slots: [{ words: CLOSE_VERB }, CONDUIT],
    unlessBefore: `${LIFT}|${REOPEN}`,
  },
  {
    id: 'valve_closure/valve-closed',
    type: 'valve_closure',
    weight: 1.3,
    slots: [CONDUIT, { words: CLOSED_STATE }],
    unlessBefore: `${LIFT}|${REOPEN}`,
  },
  {
    id: 'port_blockade/close-port',
    type: 'port_blockade',
    weight: 1.1,
    gap: 4,
    slots: [{ words: CLOSE_VERB }, PORT],
    unlessBefore: `${LIFT}|${REOPEN}`,
  },
  {
    id: 'port_blockade/port-closed',
    type: 'port_blockade',
    weight: 1.1,
    slots: [PORT, { words: CLOSED_STATE }],
    unlessBefore: `${LIFT}|${REOPEN}`,
  },
  {
    id: 'port_blockade/oil-blockade',
    type: 'port_blockade',
    weight: 0.9,
    gap: 1,
    slots: [
      { words: 'oil|crude|export|exports|port|ports|terminal|terminals' },
      { words: 'blockade|blockades|closures|shutdown' },
    ],
    unlessBefore: `${LIFT}|${REOPEN}`,
    unlessAfter: LIFTED_STATE,
  },
  {
    id: 'field_shutdown/shut-field',
    type: 'field_shutdown',
    weight: 1.0,
    gap: 4,
    slots: [{ words: CLOSE_VERB }, FIELD],
    unlessBefore: `${LIFT}|${REOPEN}`,
  },
  {
    id: 'field_shutdown/field-shut',
    type: 'field_shutdown',
    weight: 1.0,
    slots: [FIELD, { words: CLOSED_STATE }],
    unlessBefore: `${LIFT}|${REOPEN}`,
  },
  {
    id: 'field_shutdown/output-collapsed',
    type: 'field_shutdown',
    weight: 0.6,
    slots: [
      { words: 'production|output|oil production|crude production|exports' },
      { words: 'fell|plunged|dropped|slumped|collapsed|plummeted|tumbled|sank|down to|cut' },
    ],
  },

  // Violence at facilities, and fighting in general.
  {
    id: 'facility_attack/attack-facility',
    type: 'facility_attack',
    weight: 1.1,
    gap: 4,
    slots: [{ words: ATTACK }, ANY_FACILITY],
  },
  {
    id: 'facility_attack/facility-attacked',
    type: 'facility_attack',
    weight: 1.1,
    slots: [ANY_FACILITY, { words: ATTACKED_STATE }],
  },
  {
    id: 'armed_clash/fighting',
    type: 'armed_clash',
    weight: 0.7,
    slots: [{ words: FIGHTING }],
    unlessBefore: FIGHTING_NOT_AFTER,
    unlessAfter: 'parties|party|sides|factions',
  },
  {
    id: 'armed_clash/assault-on-place',
    type: 'armed_clash',
    weight: 0.9,
    slots: [{ words: ASSAULT_VERB }, { tags: ['place'] }],
    unlessBefore: FIGHTING_NOT_AFTER,
  },

  // Ceasefires.
  {
    id: 'ceasefire_agreed/agree-ceasefire',
    type: 'ceasefire_agreed',
    weight: 1.1,
    gap: 4,
    slots: [{ words: AGREE }, { words: CEASEFIRE }],
  },
  {
    id: 'ceasefire_agreed/ceasefire-in-effect',
    type: 'ceasefire_agreed',
    weight: 1.0,
    gap: 4,
    slots: [{ words: CEASEFIRE }, { words: IN_EFFECT }],
  },
  {
    id: 'ceasefire_violated/violate-ceasefire',
    type: 'ceasefire_violated',
    weight: 1.2,
    gap: 3,
    slots: [{ words: VIOLATE }, { words: CEASEFIRE }],
  },
  {
    id: 'ceasefire_violated/ceasefire-broken',
    type: 'ceasefire_violated',
    weight: 1.2,
    // "The ceasefire agreed in January was violated": the state can follow a few words on.
    gap: 5,
    slots: [{ words: CEASEFIRE }, { words: VIOLATED_STATE }],
  },
  {
    id: 'ceasefire_violated/despite-truce',
    type: 'ceasefire_violated',
    weight: 0.9,
    gap: 2,
    slots: [{ words: 'despite|in spite of|in breach of|in violation of' }, { words: CEASEFIRE }],
  },

  // Talks.
  {
    id: 'talks_failed/left-without-signing',
    type: 'talks_failed',
    weight: 1.4,
    gap: 5,
    slots: [{ words: WALK_OUT }, { words: WITHOUT_DEAL }],
  },
  {
    id: 'talks_failed/without-deal',
    type: 'talks_failed',
    weight: 0.9,
    slots: [{ words: `${WITHOUT_DEAL}|no deal|no agreement|no breakthrough|no signing|no signature` }],
  },
  {
    id: 'talks_failed/talks-collapsed',
    type: 'talks_failed',
    weight: 1.2,
    gap: 7,
    slots: [{ words: TALKS }, { words: FAIL_STATE }],
  },
  {
    id: 'talks_failed/quit-talks',
    type: 'talks_failed',
    weight: 1.2,
    slots: [{ words: QUIT_TALKS }, { words: TALKS }],
  },
  {
    id: 'talks_failed/refused',
    type: 'talks_failed',
    weight: 1.2,
    gap: 4,
    slots: [{ words: REFUSE }, { words: REFUSED_OBJECT }],
  },
  {
    id: 'talks_failed/failed-to-agree',
    type: 'talks_failed',
    weight: 1.1,
    gap: 1,
    slots: [
      { words: 'failed to|fail to|fails to|unable to|could not|did not|has not|have not|had not|would not' },
      { words: 'agree|agreed|reach|reached|sign|signed|secure|clinch|conclude|accept|accepted|endorse' },
    ],
  },

  {
    id: 'talks_progressing/sealed-deal',
    type: 'talks_progressing',
    weight: 0.9,
    gap: 4,
    slots: [{ words: SEAL_DEAL }, { words: DEAL }],
  },
  {
    id: 'talks_progressing/talks-progress',
    type: 'talks_progressing',
    weight: 0.9,
    gap: 4,
    slots: [{ words: TALKS }, { words: PROGRESS }],
  },
  {
    id: 'talks_progressing/negotiating',
    type: 'talks_progressing',
    weight: 0.5,
    slots: [{ words: NEGOTIATE }],
  },

  // Foreign forces.
  {
    id: 'foreign_deployment/deploy-forces',
    type: 'foreign_deployment',
    weight: 1.1,
    gap: 4,
    slots: [{ words: DEPLOY }, { words: FORCES }],
    requires: 'foreign',
    unlessBefore: NOT_DEPLOYED,
  },
  {
    id: 'foreign_deployment/forces-deployed',
    type: 'foreign_deployment',
    weight: 1.0,
    gap: 4,
    slots: [{ words: FORCES }, { words: 'deployed|arrived|landed|entered|stationed|sent' }],
    requires: 'foreign',
    unlessBefore: NOT_DEPLOYED,
  },
  {
    id: 'foreign_deployment/foreign-presence',
    type: 'foreign_deployment',
    weight: 0.7,
    slots: [{ words: FOREIGN_PRESENCE }],
    unlessBefore: NOT_DEPLOYED,
  },
  {
    id: 'foreign_deployment/wagner-at-facility',
    type: 'foreign_deployment',
    weight: 1.1,
    gap: 5,
    slots: [{ tags: [actor('russia')] }, ANY_FACILITY],
    requires: 'foreign',
    unlessBefore: NOT_DEPLOYED,
  },

  // Institutions and money.
  {
    id: 'institutional_crisis/institution-in-crisis',
    type: 'institutional_crisis',
    weight: 1.0,
    gap: 5,
    slots: [INSTITUTION, { words: CRISIS }],
  },
  {
    id: 'institutional_crisis/crisis-over-institution',
    type: 'institutional_crisis',
    weight: 1.0,
    gap: 4,
    slots: [{ words: CRISIS }, INSTITUTION],
  },
  {
    id: 'institutional_crisis/rival-bodies',
    type: 'institutional_crisis',
    weight: 0.8,
    gap: 1,
    slots: [{ words: RIVAL }, { words: RIVAL_BODY }],
  },
  {
    id: 'sanctions/sanctions',
    type: 'sanctions',
    weight: 0.9,
    slots: [{ words: SANCTION }],
    unlessBefore: NOT_SANCTION,
  },

  // Protests at facilities.
  {
    id: 'facility_protest/protest-at-facility',
    type: 'facility_protest',
    weight: 1.0,
    gap: 5,
    slots: [{ words: PROTEST }, ANY_FACILITY],
    unlessBefore: NOT_PROTEST,
  },
  {
    id: 'facility_protest/facility-protest',
    type: 'facility_protest',
    weight: 0.9,
    gap: 3,
    slots: [ANY_FACILITY, { words: PROTEST }],
    unlessBefore: NOT_PROTEST,
  },
];
