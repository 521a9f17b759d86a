import type { Asset, ControlPeriod, LonLat, SourceRef } from './asset';

/*
 * Libyan producing assets and export routes, 2019-2020.
 *
 * Facts come from docs/reference (libya-oil.md) with the source each one carries. Units:
 * kb/d (thousand barrels per day); coordinates [lon, lat] WGS84. Where the reference gives
 * a range, the value chosen and the range are both in the asset's notes. Anything the
 * reference does not state is marked "estimate" in the notes, with how it was reached.
 *
 * Field baselines (2019, crude and condensate produced) are built to agree with three NOC
 * anchors at once: ~1,220 kb/d national average before the January 2020 blockade; ~700-800
 * kb/d behind the five eastern ports; ~370 kb/d at Sharara + El Feel; ~72-90 kb/d left when
 * all of those were shut ("almost all offshore"). See national-baseline.spec.ts.
 *
 * Control timelines start on TIMELINE_START (mid-2013, before the 2013-14 port blockade) and
 * run without gaps to an open end. Before the reference names a faction for an asset the
 * period says `noc` (operator control, no armed faction recorded) or `local` (local guards),
 * and the note says it is an estimate.
 */

/** First day of every control timeline, ISO date (UTC). */
export const TIMELINE_START = '2013-07-01';

const src = (title: string, url?: string): SourceRef => (url === undefined ? { title } : { title, url });
const pt = (lat: number, lon: number): Asset['geometry'] => ({ type: 'Point', coordinates: [lon, lat] });
const line = (...points: readonly (readonly [number, number])[]): Asset['geometry'] => ({
  type: 'LineString',
  coordinates: points.map(([lat, lon]): LonLat => [lon, lat]),
});
const routes = (primary: readonly string[], alternate: readonly string[] = []): Asset['routes'] => ({
  primary,
  alternate,
});

/* ---------- anchor positions, [lat, lon] ---------- */
// [S] = source-backed, [D] = derived from a sourced anchor, [U] = reference placeholder (±50-100 km).
const P = {
  sharara: [26.5, 10.6], // [U]
  elFeel: [25.75, 11.5], // [U] middle of the reference's 25.5-26.0N, 11-12E
  hamada: [29.5, 12.9], // [U]
  wafa: [28.9, 10.1], // [U]
  bouri: [33.9, 12.6], // [U] "120 km NW of Tripoli"
  alJurf: [33.6, 11.9], // [U] "~100 km off western coast"
  rayayina: [31.95, 12.15], // estimate: Rayayina, Nafusa mountains near Zintan
  zawiya: [32.78, 12.7], // [U] "40-50 km W of Tripoli"
  mellitah: [32.855, 12.241], // [S] OSM way 310844993
  sarir: [27.35, 22.3], // [U] middle of 27.0-27.7N, 22.0-22.6E
  messla: [27.5, 22.2], // [U]
  nafoora: [29.2, 21.6], // [U] Jakharrah
  amal: [29.4, 21.1], // [U]
  waha: [28.6, 19.9], // [U] Waha/Defa 28-28.9N 19.5-20E
  defa: [28.2, 19.6], // [U]
  gialo: [28.9, 21.4], // [D] "30 km from Jalu" (Jalu ≈29.03N 21.55E)
  dahra: [29.5, 17.7], // [U]
  samah: [28.8, 18.3], // estimate: no position in the reference; between Waha and Dahra on the trunk line
  zelten: [28.9, 19.65], // [D] "169 km south of Brega"
  raguba: [29.1, 19.1], // [U]
  intisar: [29.0, 20.6], // estimate: central Sirte, no position in the reference
  bahi: [28.5, 17.6], // estimate: Zella area (Zueitina Oil's other fields)
  buAttifel: [29.1, 21.85], // [U] middle of 28.8-29.4N, 21.5-22.2E
  mabruk: [29.7, 17.3], // [U]
  esSider: [30.629, 18.35], // [S]
  rasLanuf: [30.479, 18.566], // [S] fr-wiki
  brega: [30.409, 19.573], // [S] fr-wiki
  zueitina: [30.85, 20.1], // [U] W of Ajdabiya
  hariga: [32.07, 23.93], // [D] ~2 km W of Tobruk
} as const satisfies Record<string, readonly [number, number]>;

/* ---------- sources ---------- */
const S = {
  national: src(
    'The National: supporters of Haftar shut off Libya’s biggest oil field',
    'https://www.thenationalnews.com/world/mena/supporters-of-khalifa-haftar-shut-off-libya-s-biggest-oil-field-1.966507',
  ),
  tv218Sharara: src(
    '218TV: NOC resumes Sharara oil field production (Jul 2019)',
    'https://en.218tv.net/2019/07/24/noc-resumes-sharara-oil-fields-production/',
  ),
  repsol: src(
    'Repsol: production resumes at El Sharara',
    'https://repsol.com/en/press-room/press-releases/2024/production-resumes-at-el-sharara-field-in-libya-after-successful-stakeholder-talks/index.cshtml',
  ),
  ftPipeline: src(
    'FT via blog: politics of oil wells (800 km Sharara pipeline)',
    'https://rupertbumfrey.blogspot.com/2011/03/ftcom-politics-of-oil-wells-of-anxiety.html?m=0',
  ),
  elephant90: src(
    'Hellenic Shipping News: Libya could restart 90,000 b/d Elephant field',
    'https://www.hellenicshippingnews.com/libya-could-restart-90000-b-d-elephant-field-after-reaching-deal-with-guards/',
  ),
  elFeelFm2018: src(
    'Libya Herald: NOC lifts force majeure on El Feel (Jul 2018)',
    'https://www.libyaherald.com/2018/07/16/noc-lifts-force-majeure-on-el-feel-oilfield/',
  ),
  bedigest: src(
    'BE Digest: El Feel seizure and restart, Nov-Dec 2019',
    'http://www.bedigest.com/NEWS/212709.aspx',
  ),
  agocoMay2015: src(
    'Libya Herald: AGOCO expects 20% rise in exports (Hamada)',
    'https://libyaherald.com/2015/05/agoco-expects-20-rise-in-exports-in-may',
  ),
  ghadames: src(
    'The Free Library: Libya - the Ghadames Basin',
    'http://www.thefreelibrary.com/LIBYA+-+The+Ghadames+Basin.-a0105184866',
  ),
  mellitah2013: src(
    'Libya Herald: army secures Mellitah complex (Mar 2013)',
    'https://libyaherald.com/2013/03/army-secures-mellitah-complex-production-still-stopped',
  ),
  offshore: src(
    'Libyan Lines: Libya offshore oil (Bouri, FSO Gaza)',
    'https://libyanlines.wordpress.com/2016/05/21/libya-off-shore-oil/',
  ),
  meedOffshore: src(
    'MEED: Libya restarts offshore oil exploration',
    'https://www.meed.com/libya-restarts-offshore-oil-exploration/',
  ),
  mbendi: src(
    'MBendi: Libya oil and gas upstream (Bouri)',
    'https://mbendi.co.za/indy/oilg/ogus/af/lb/p0005.htm',
  ),
  totalAlJurf: src(
    'Offshore Energy: Total discusses oilfield investment expansion in Libya',
    'https://www.offshore-energy.biz/total-discusses-oilfield-investment-expansion-in-libya/',
  ),
  mees2015: src(
    'MEES: firms face up to mounting Libya write-offs',
    'https://www.mees.com/2015/4/24/geopolitical-risk/firms-face-up-to-mounting-libya-write-offs/e4570e80-4932-11e7-ad53-cb410c9fdfdb',
  ),
  sarirWiki: src('Wikipedia (IPFS mirror): Sarir field', 'https://en.wikipedia-on-ipfs.org/wiki/Sarir_field'),
  sarirOpens: src(
    'Libya’s Oil Crescent gets back to business as Sarir field opens (Oct 2020)',
    'https://entre-france-et-coree.com/libyas-oil-crescent-gets-back-to-business-as-sarir-field-opens.html',
  ),
  aawsat: src('Asharq Al-Awsat: AGOCO output', 'https://english.aawsat.com/node/5055034'),
  harigaTank: src(
    'Libya Observer: main oil tank at Tobruk’s Hariga port resumes work',
    'https://www.libyaobserver.ly/economy/main-oil-tank-tobruk%E2%80%99s-hariga-port-resumes-work',
  ),
  messlaNdtv: src(
    'NDTV Profit: AGOCO to resume output from eastern Messla field',
    'https://www.ndtvprofit.com/markets/libya-s-agoco-to-resume-oil-output-from-eastern-messla-field',
  ),
  amalAccess: src(
    'Speciale Libia: Harouge workers close access to Amal field (Jan 2023)',
    'https://specialelibia.it/2023/01/10/i-lavoratori-della-harouge-oil-operation-company-chiudono-laccesso-principale-al-campo-amal/',
  ),
  gulftime: src('Gulf Time: Nafoora and Amal restart (Oct 2020)', 'https://gulftime.ae/?p=219870'),
  zueitinaResume: src(
    'Egypt Oil & Gas: Libya resumes exports from Zueitina port',
    'https://egyptoil-gas.com/news/libya-resumes-oils-exports-from-zueitina-port',
  ),
  ghani: src(
    'Libya Business News: Ghani oilfield resumes production (Dec 2019)',
    'https://libya-businessnews.com/2019/12/22/ghani-oilfield-resumes-production/',
  ),
  suncor: src(
    'Libya Business News: NOC and Suncor discuss leaks (Harouge)',
    'https://libya-businessnews.com/2018/02/28/noc-suncor-discuss-effective-treatment-of-leaks/',
  ),
  isis2016: src(
    'Africanews: Islamic State attack on Ras Lanuf terminal (Jan 2016)',
    'http://www.africanews.com/2016/01/21/islamic-state-militants-attack-lybia-s-ras-lanuf-oil-terminal',
  ),
  wahaMeed: src(
    'MEED: Waha Oil resumes Libya production',
    'https://www.meed.com/waha-oil-resumes-libya-production/',
  ),
  wahaFaregh: src(
    'Libyan Express: Waha Oil and the El Farag gas field',
    'https://www.libyanexpress.com/waha-oil-to-raise-the-countrys-output-as-el-farag-gas-field-gears-up-for-second-stage-development/',
  ),
  wahaLine2021: src(
    'Libya Business News: production resumes at Waha Oil (Jan 2021 line repair)',
    'https://libya-businessnews.com/2021/01/26/production-resumes-at-waha-oil-company/',
  ),
  wahaLine2022: src(
    'Oil News Kenya: Waha completes maintenance of main crude line (Jan 2022)',
    'https://www.oilnewskenya.com/libya-waha-oil-company-completes-maintenance-work-for-the-main-crude-transmission-line/',
  ),
  britannica: src(
    'Britannica: Libya, Zelten and the first pipeline to Brega',
    'http://www.britannica.com/print/topic/366428',
  ),
  sirteOil: src(
    'Libyan Express: Sirte Oil reports historic production rates',
    'https://www.libyanexpress.com/sirte-oil-reports-historic-production-rates-in-record-time/',
  ),
  raguba: src(
    'Libya Review: Al-Raqouba field highest rate since 2011',
    'https://libyareview.com/39628/libyas-al-raqouba-oil-field-achieves-highest-production-rate-since-2011',
  ),
  zueitinaOil: src(
    'Arab News: Zueitina Oil Company output',
    'http://www.arabnews.com/node/1500266/business-economy',
  ),
  eniRestart: src(
    'Eni restarts Libyan output (2011; Bu Attifel to Zueitina)',
    'https://gfaclaims.com/ekonomika/18244-italyanskiy-koncern-eni-vozobnovil-dobychu-nefti-v-livii.html',
  ),
  gemNotes: src('Global Energy Monitor pipeline tracker, public notes file (JV shares, GOIT lines)'),
  fm2020: src(
    'Libya Herald: NOC declares force majeure at Brega, Ras Lanuf, Hariga, Zueitina and Sidra (19 Jan 2020)',
    'https://www.libyaherald.com/2020/01/19/noc-declares-force-majeure-at-brega-ras-lanuf-hariga-zueitina-and-sidra-ports/',
  ),
  marsec: src(
    'MarSec Review: tankers idle at Libyan ports as exports dry up (Jan 2020)',
    'http://www.marsecreview.com/2020/01/tankers-idle-at-libyan-ports-as-oil-exports-dry-up-amid-port-blockade/',
  ),
  peBlockade: src(
    'Petroleum Economist: Libyan production languishes under illegal blockade',
    'https://pemedianetwork.com/petroleum-economist/articles/geopolitics/2020/libyan-production-languishes-under-illegal-blockade',
  ),
  sidraWiki: src(
    'Wikipedia: Sidra, Libya',
    'https://en.wikipedia.org/wiki/?oldid=971302584&title=Sidra%2C_Libya',
  ),
  rasLanufWiki: src('Wikipédia (fr): Ras Lanuf', 'http://fr.wikipedia.org/wiki/Ras_Lanuf'),
  bregaWiki: src('Wikipédia (fr mirror): Marsa El Brega', 'https://no.frwiki.wiki/wiki/Marsa_El_Brega'),
  nocCapacity: src(
    'Al Maghrib Al Arabi: nine active ports export 26 m bbl a month (NOC capacities)',
    'https://almaghribalarabi.com/fr/economie/avec-neuf-ports-actifs-la-libye-exporte-plus-de-26-millions-de-barils-de-petrole-par-mois',
  ),
  ports2014: src(
    'Offshore Energy: two occupied oil ports scheduled for reopening (2014)',
    'https://www.offshore-energy.biz/libya-two-occupied-oil-ports-scheduled-for-reopening/',
  ),
  ports2014fm: src(
    'Libya Herald: NOC shuts Es Sider and Ras Lanuf, declares force majeure (Dec 2014)',
    'https://libyaherald.com/2014/12/noc-shuts-down-es-sider-and-ras-lanuf-export-terminals-and-declares-force-majeure',
  ),
  zueitinaHandover: src(
    '218TV: LNA hands over Zueitina oil port to PFG (Jan 2019)',
    'https://en.218tv.net/2019/01/15/lna-hands-over-zueitina-oil-port-to-pfg-after-securing-it-for-two-years/',
  ),
  harigaStrike: src(
    'Libya Herald: Hariga oil terminal strike (Feb 2015)',
    'https://libyaherald.com/2015/02/hariga-oil-terminal-strike-further-squeezes-oil-earnings/',
  ),
  amiralbahr: src('Amir Albahr: Marsa el Hariga port particulars', 'http://amiralbahr.ly/marsa.html'),
  reuters2011Refineries: src(
    'Reuters timeline: Libyan oil (2011 refinery list)',
    'http://www.reuters.com/article/2011/10/28/us-timeline-oil-idUSTRE79R33N20111028',
  ),
  mees2018: src(
    'MEES: Libya exports up but loading uncertainty (2018; seven crude terminals)',
    'https://www.mees.com/2018/9/7/geopolitical-risk/libya-exports-up-but-loading-uncertainty-means-more-goes-long-haul/887a37b0-b2ab-11e8-a488-6df7b21f0775',
  ),
  zawiyaShut: src(
    'Libya Herald: Zawia refinery shutdown causing further losses (Feb 2020)',
    'https://www.libyaherald.com/2020/02/11/zawia-refinery-shutdown-causing-libya-further-financial-losses-noc/',
  ),
  hamadaValve2019: src(
    '218TV: NOC suspends production amid suspected closed valve (Jul 2019)',
    'https://en.218tv.net/2019/07/20/noc-suspends-production-of-29000-bpd-amid-suspected-closed-valve/',
  ),
  hamadaReopen: src(
    'Corporate Dispatch: pipeline to Sharara reopened but field remains closed (Jun 2020)',
    'https://corporatedispatch.com/pipeline-to-libyas-sharara-reopened-but-field-remains-closed/',
  ),
  hamada2022: src(
    '218TV: Hamada oil pipeline reopened (Jan 2022)',
    'https://en.218tv.net/2022/01/11/hamada-oil-pipeline-reopened-crude-operations-at-sharara-field-resumed/',
  ),
  rayayina: src(
    'Offshore Energy: Rayayina valves and western fields (2014-2016)',
    'https://offshore-energy.biz/oil-cargo-loading-halted-at-ras-lanuf-amid-fresh-conflicts',
  ),
  wafaFire: src(
    'MarketScreener: Mellitah fire department puts out Wafa-Mellitah pipeline fire',
    'https://www.marketscreener.com/news/NOC-National-Oil-Mellitah-fire-department-succeeds-in-putting-out-Wafa-ndash-Mellitah-gas-pipeline--27124347/',
  ),
  sarirHarigaBomb: src(
    'Libya Business News: Sarir-Hariga pipeline sabotaged (Feb 2015)',
    'https://www.libya-businessnews.com/2015/02/16/sarir-hariga-pipeline-sabotaged/',
  ),
  pe2011: src(
    'Petroleum Economist: one step forward, one back for Libya rebels’ oil exports (2011)',
    'http://www.petroleum-economist.com/articles/politics-economics/africa/2011/one-step-forward-one-back-for-libya-rebels-oil-exports',
  ),
  lnaTerminals2016: src(
    'Libya Herald: NOC lifts force majeure at eastern oil terminals (Sep 2016)',
    'https://libyaherald.com/2016/09/noc-lifts-force-majeure-at-eastern-oil-terminals',
  ),
  lnaFields2016: src(
    'Libya Herald: LNA takes control of central oil fields (May 2016)',
    'https://libyaherald.com/2016/05/barthathi-arrives-in-tripoli-after-talks-with-jadhran-as-lna-takes-control-of-central-oil-fields',
  ),
  elFilLna: src(
    'Al Marsad: El Fil field taken by LNA (21 Feb 2019)',
    'https://almarsad.co/en/2019/02/21/el-fil-field-taken-by-lna/',
  ),
  elFeelGna: src(
    'Libya Observer: NOC shuts El Feel after airstrikes (Nov 2019)',
    'https://www.libyaobserver.ly/news/libyas-noc-shuts-down-el-feel-oilfield-after-airstrikes-haftars-forces',
  ),
  shararaSeized: src('CounterVortex: Sharara seized (Dec 2018)', 'https://countervortex.org/node/16189'),
  shararaLna: src(
    'UPI: NOC keeps Sharara shut over violence (Feb 2019)',
    'https://www.upi.com/Top_News/World-News/2019/02/11/NOC-Repsol-keeps-Libyas-al-Sharara-field-shuttered-over-violence/7801549891085/?st_rec=6331554757457',
  ),
  jadhran2018: src(
    'Libya Business News: force majeure at Ras Lanuf and Es Sider (Jun 2018)',
    'https://www.libya-businessnews.com/2018/06/19/force-majeure-at-ras-lanuf-and-es-sider-ports/',
  ),
  lna2018: src(
    'Al Jazeera: NOC to resume exports from eastern terminals (Jul 2018)',
    'https://www.aljazeera.com/news/2018/7/11/libyas-noc-to-resume-oil-exports-from-eastern-terminals',
  ),
  blockade2013: src(
    'Reuters: Libya oil output falls as guards shut ports (Jul 2013)',
    'http://in.reuters.com/article/libya-oil-idINL6N0G151620130731',
  ),
  ports2014Lifted: src(
    'Libya Herald: force majeure lifted at Ras Lanuf and Sidra (Jul 2014)',
    'https://libyaherald.com/2014/07/force-majeure-lifted-at-ras-lanuf-and-sidra-oil-terminals',
  ),
  wagnerSharara: src(
    'Libya Herald: NOC concern at Russian mercenary presence at Sharara (Jun 2020)',
    'https://libyaherald.com/2020/06/noc-expresses-deep-concern-at-russian-mercenary-presence-at-sharara-oilfield/',
  ),
  sharara2020Pfg: src(
    'PGJ: Sharara declares force majeure after new shutdown (Jun 2020)',
    'http://admin.pgjonline.com/news/2020/06-june/libyas-sharara-oilfield-declares-force-majeure-after-new-shutdown',
  ),
  referenceControl: src('Crescent reference: libya-oil.md §4, control in January 2020'),
} as const satisfies Record<string, SourceRef>;

/* ---------- control timelines ---------- */

const NO_FACTION =
  'estimate: the reference names no armed faction here before this date; operator (NOC company) control assumed';
const GNA_FROM = '2016-03-30';
const GNA_NOTE =
  'GNA-held from the Presidency Council’s arrival in Tripoli (date from general knowledge, not the reference); the reference lists this asset as GNA/Tripoli NOC in Jan 2020';

/** Tripoli-side assets: Zawiya, Mellitah, the offshore fields and their loading points. */
const westernGna: readonly ControlPeriod[] = [
  {
    faction: 'noc',
    from: TIMELINE_START,
    to: GNA_FROM,
    note: `${NO_FACTION} (Tripoli governments before the GNA have no faction id)`,
  },
  { faction: 'gna', from: GNA_FROM, note: GNA_NOTE },
];

/** Sirte-basin fields and gathering lines: the LNA took ~14 of them in May 2016. */
const sirteBasinLna: readonly ControlPeriod[] = [
  { faction: 'noc', from: TIMELINE_START, to: '2016-05-01', note: NO_FACTION },
  {
    faction: 'lna',
    from: '2016-05-01',
    note: 'LNA took ~14 Sirte-basin fields in May 2016 (day not given: 1 May used); held through 2020',
  },
];

/** Es Sider and Ras Lanuf: Jadhran's PFG, the LNA from Sep 2016, a week lost to Jadhran in Jun 2018. */
const oilCrescentPortLna: readonly ControlPeriod[] = [
  {
    faction: 'pfg',
    from: TIMELINE_START,
    to: '2016-09-11',
    note: 'Ibrahim Jadhran’s PFG central division; shut the ports from ~30 Jul 2013 to Jul 2014',
  },
  {
    faction: 'lna',
    from: '2016-09-11',
    to: '2018-06-14',
    note: 'LNA seized the Oil Crescent ports from Jadhran 11-12 Sep 2016',
  },
  {
    faction: 'contested',
    from: '2018-06-14',
    to: '2018-06-21',
    note: 'Jadhran/BDB attack; LNA retook the ports on 21 Jun 2018',
  },
  {
    faction: 'lna',
    from: '2018-06-21',
    note: 'LNA; handed the ports to the Benghazi "NOC" 25 Jun-11 Jul 2018; held through the 2020 blockade',
  },
];

const bregaLna: readonly ControlPeriod[] = [
  {
    faction: 'pfg',
    from: TIMELINE_START,
    to: '2016-09-11',
    note: 'Jadhran’s PFG; Brega was in the 2013 port blockade (force majeure lifted ~28 Aug 2013)',
  },
  { faction: 'lna', from: '2016-09-11', note: 'LNA seized the Oil Crescent ports 11-12 Sep 2016' },
];

const zueitinaControl: readonly ControlPeriod[] = [
  {
    faction: 'pfg',
    from: TIMELINE_START,
    to: '2016-09-11',
    note: 'Jadhran’s PFG; Zueitina reopened after the 6 Apr 2014 deal',
  },
  {
    faction: 'lna',
    from: '2016-09-11',
    to: '2019-01-15',
    note: 'LNA seized the Oil Crescent ports 11-12 Sep 2016',
  },
  {
    faction: 'pfg',
    alignedWith: 'lna',
    from: '2019-01-15',
    note: 'LNA handed the port to the (LNA-aligned) PFG on 15 Jan 2019',
  },
];

const harigaControl: readonly ControlPeriod[] = [
  {
    faction: 'local',
    from: TIMELINE_START,
    to: '2014-04-06',
    note: 'shut at times by guards during the 2013-14 port blockade; reopened after the 6 Apr 2014 deal',
  },
  { faction: 'noc', from: '2014-04-06', to: '2016-09-11', note: `${NO_FACTION}` },
  {
    faction: 'lna',
    from: '2016-09-11',
    note: 'LNA-held in Jan 2020 per the reference; start date is an estimate aligned with the LNA takeover of the Oil Crescent ports',
  },
];

/** Sharara: local guards, the Dec 2018 "Fezzan Anger" seizure, then the LNA-appointed PFG from Feb 2019. */
const shararaControl: readonly ControlPeriod[] = [
  {
    faction: 'local',
    from: TIMELINE_START,
    to: '2018-12-08',
    note: 'estimate: local guard units; the reference names no faction before Dec 2018',
  },
  {
    faction: 'local',
    from: '2018-12-08',
    to: '2019-02-06',
    note: 'seized by tribesmen and local PFG ("Fezzan Anger") 8 Dec 2018',
  },
  {
    faction: 'pfg',
    alignedWith: 'lna',
    from: '2019-02-06',
    note: 'LNA secured the field 6-11 Feb 2019 and handed it to the LNA-appointed PFG (al-Moghrabi); an LNA-affiliated PFG unit re-shut it Jun 2020; Wagner present 25 Jun 2020',
  },
];

const elFeelControl: readonly ControlPeriod[] = [
  {
    faction: 'local',
    from: TIMELINE_START,
    to: '2019-02-21',
    note: 'estimate: local PFG guards (the 2018 force majeure was a guards’ dispute)',
  },
  {
    faction: 'pfg',
    alignedWith: 'lna',
    from: '2019-02-21',
    to: '2019-11-27',
    note: 'LNA took El Feel 21 Feb 2019 and handed it to the LNA-appointed PFG',
  },
  {
    faction: 'gna',
    from: '2019-11-27',
    to: '2019-12-12',
    note: 'GNA-aligned Sabha military zone / PFG force seized it 27 Nov 2019',
  },
  {
    faction: 'pfg',
    alignedWith: 'lna',
    from: '2019-12-12',
    note: 'LNA back in control after air strikes; production restarted ~12 Dec 2019',
  },
];

/** Hamada field and station: in the south-west corridor the LNA-aligned PFG controlled in 2019-2020. */
const hamadaCorridorControl: readonly ControlPeriod[] = [
  {
    faction: 'local',
    from: TIMELINE_START,
    to: '2019-02-06',
    note: 'estimate: local guards; the reference names no faction before 2019',
  },
  {
    faction: 'pfg',
    alignedWith: 'lna',
    from: '2019-02-06',
    note: 'estimate: the LNA-aligned PFG closed the Hamada valve on 19 Jan 2020 and announced its reopening on 5 Jun 2020; start date follows the LNA’s southern campaign',
  },
];

/** The two long western lines cross LNA-aligned south, Zintan and GNA coast: no single controller. */
const westernTrunkControl: readonly ControlPeriod[] = [
  {
    faction: 'local',
    from: TIMELINE_START,
    to: '2019-02-06',
    note: 'estimate: local forces along the route (Zintan-area forces held the Rayayina valves 2014-2016)',
  },
  {
    faction: 'contested',
    from: '2019-02-06',
    note: 'LNA-aligned PFG at the southern end and at Hamada, GNA at the coast',
  },
];

const rayayinaControl: readonly ControlPeriod[] = [
  {
    faction: 'local',
    from: TIMELINE_START,
    note: 'estimate: Zintan-area forces, who closed the valves Nov 2014 / Apr 2015 to Dec 2016',
  },
];

/* ---------- the registry ---------- */

// Aliases are what news text calls a facility. Words that are also people, towns or
// mountains (Ghani, Mabrouk, Tibesti, Zella, Beda) are listed only with "field" after
// them, so a text scanner does not mistake a surname for an oilfield.

const AKAKUS = 'Akakus Oil Operations (NOC)';
const AKAKUS_PARTNERS = ['Repsol', 'TotalEnergies', 'OMV', 'Equinor'];
const MELLITAH = 'Mellitah Oil & Gas (NOC/Eni)';
const MELLITAH_PARTNERS = ['Eni (50%)'];
const AGOCO = 'Arabian Gulf Oil Co (AGOCO, NOC subsidiary)';
const HAROUGE = 'Harouge Oil Operations (NOC 88%)';
const HAROUGE_PARTNERS = ['Suncor (12%)'];
const WAHA = 'Waha Oil Co (NOC 59.18%)';
const WAHA_PARTNERS = ['ConocoPhillips (16.33%)', 'TotalEnergies (16.33%)', 'Hess (8.16%)'];
const SIRTE = 'Sirte Oil Co (NOC subsidiary)';
const ZUEITINA = 'Zueitina Oil Co (NOC 81%)';
const ZUEITINA_PARTNERS = ['Occidental (14.25%)', 'OMV (4.75%)'];

const WAHA_GROUP_NOTE =
  'Waha group split is an estimate: the reference gives ~400 kb/d pre-2011 and ~350 kb/d (2021) for the company, and ~200 kb/d (2022) on the Samah-Dahra line; 2019 company output taken as 290 kb/d, shared by field size';

export const LIBYA_ASSETS: readonly Asset[] = [
  /* ===== Murzuq and Ghadames basins: the western corridor ===== */
  {
    id: 'sharara',
    name: 'Sharara',
    aliases: [
      'El Sharara',
      'Al Sharara',
      'Al-Sharara',
      'Elsharara',
      'Sharara oilfield',
      'El Shahara',
      'NC115',
      'NC186',
    ],
    kind: 'field',
    geometry: pt(...P.sharara),
    precision: 'rough',
    basin: 'Murzuq',
    operator: AKAKUS,
    partners: AKAKUS_PARTNERS,
    capacityKbd: 315,
    baselineKbd: 290,
    routes: routes(['sharara-zawiya-pipeline']),
    control: shararaControl,
    sources: [
      S.national,
      S.tv218Sharara,
      S.repsol,
      S.ftPipeline,
      S.shararaSeized,
      S.shararaLna,
      S.sharara2020Pfg,
      S.wagnerSharara,
    ],
    notes:
      'Capacity 300-340 kb/d across sources (NOC 315). Baseline 290 kb/d: the rate before the Jul 2019 valve outage (~300 kb/d in Jan 2020). Coordinates are the reference placeholder (Ubari area).',
  },
  {
    id: 'el-feel',
    name: 'El Feel',
    aliases: ['Elephant', 'El Fil', 'El-Fil', 'Al Feel', 'Al Fil', 'Elephant field', 'NC174'],
    kind: 'field',
    geometry: pt(...P.elFeel),
    precision: 'rough',
    basin: 'Murzuq',
    operator: MELLITAH,
    partners: MELLITAH_PARTNERS,
    capacityKbd: 90,
    baselineKbd: 70,
    routes: routes(['el-feel-mellitah-pipeline'], ['sharara-zawiya-pipeline']),
    control: elFeelControl,
    sources: [S.elephant90, S.elFeelFm2018, S.bedigest, S.elFilLna, S.elFeelGna, S.marsec],
    notes:
      'Capacity 90 (Platts) to 130 kb/d (Argus, pre-2011). Baseline ~70-75 kb/d. Routed to Mellitah (Mellitah blend with Wafa condensate); some reports say Zawiya, kept as the alternate. Position conflicts between "200 km SW of Sabha" and "~60 km from Sharara".',
  },
  {
    id: 'hamada',
    name: 'Hamada',
    aliases: ['Al-Hamada', 'Al Hamada', 'El Hamada', 'Hamada al-Hamra', 'Hamada oilfield'],
    kind: 'field',
    geometry: pt(...P.hamada),
    precision: 'rough',
    basin: 'Ghadames (Hamada al-Hamra)',
    operator: AGOCO,
    partners: [],
    capacityKbd: 12,
    baselineKbd: 10,
    routes: routes(['sharara-zawiya-pipeline']),
    control: hamadaCorridorControl,
    sources: [S.agocoMay2015, S.sarirOpens, S.tv218Sharara],
    notes:
      'AGOCO’s only south-western field. Capacity 10-12.5 kb/d; ~10 kb/d (2018), 6 kb/d Oct 2020. Feeds the Sharara line to Zawiya at the Hamada station.',
  },
  {
    id: 'wafa',
    name: 'Wafa',
    aliases: ['Al Wafa', 'Al-Wafa', 'El Wafa'],
    kind: 'field',
    geometry: pt(...P.wafa),
    precision: 'rough',
    basin: 'Ghadames',
    operator: MELLITAH,
    partners: MELLITAH_PARTNERS,
    capacityKbd: 25,
    baselineKbd: 20,
    routes: routes(['wafa-mellitah-pipeline']),
    control: westernGna,
    sources: [S.ghadames, S.mellitah2013, S.wafaFire, S.gemNotes],
    notes:
      'Gas/condensate field on the Algerian border (extension of Alrar). Liquids baseline and capacity are estimates: Mellitah’s ~100 kb/d export capacity less El Feel’s ~70 kb/d; the reference gives Elephant+Wafa ≈210 kb/d (2013) and no 2019 split.',
  },
  {
    id: 'bouri',
    name: 'Bouri',
    aliases: ['Bouri field', 'Bouri offshore', 'NC41'],
    kind: 'field',
    geometry: pt(...P.bouri),
    precision: 'rough',
    basin: 'Pelagian (offshore Tripolitania)',
    operator: MELLITAH,
    partners: MELLITAH_PARTNERS,
    capacityKbd: 60,
    baselineKbd: 30,
    routes: routes(['bouri-fso']),
    control: westernGna,
    sources: [S.offshore, S.meedOffshore, S.mbendi, S.peBlockade],
    notes:
      'Peak 150 kb/d (1995), 60 kb/d (2010). Offshore Bouri + Al Jurf ran ~70-90 kb/d and were most of the ~72-90 kb/d left during the 2020 blockade; the split (30 here, 40 at Al Jurf) is an estimate. Platforms DP4/DP3, two 16" sealines to the FSO.',
  },
  {
    id: 'al-jurf',
    name: 'Al Jurf',
    aliases: ['Al-Jurf', 'El Jurf', 'Aljurf', 'Al Jurf field'],
    kind: 'field',
    geometry: pt(...P.alJurf),
    precision: 'rough',
    basin: 'Pelagian (offshore)',
    operator: 'Mabruk Oil Operations (NOC 50%)',
    partners: ['TotalEnergies (37.5%)', 'Wintershall (12.5%)'],
    capacityKbd: 45,
    baselineKbd: 40,
    routes: routes(['al-jurf-fpso']),
    control: westernGna,
    sources: [S.totalAlJurf, S.mees2015, S.offshore],
    notes:
      'Blocks 15/16/32, ~100 km off the western coast; 40-45 kb/d. Wellhead platform with an FPSO 3 km away.',
  },

  /* ===== AGOCO, south-east Sirte basin -> Hariga ===== */
  {
    id: 'sarir',
    name: 'Sarir',
    aliases: ['As Sarir', 'As-Sarir', 'El Sarir', 'Sarir C', 'Sarir L', 'Sarir North', 'C-65'],
    kind: 'field',
    geometry: pt(...P.sarir),
    precision: 'rough',
    basin: 'Sirte (south-east)',
    operator: AGOCO,
    partners: [],
    capacityKbd: 200,
    baselineKbd: 190,
    routes: routes(['sarir-hariga-pipeline']),
    control: sirteBasinLna,
    sources: [S.sarirWiki, S.sarirOpens, S.aawsat, S.harigaTank, S.sarirHarigaBomb],
    notes:
      'About 200 kb/d (Bloomberg 2020; 209 kb/d in 2024). Baseline 190 kb/d is an estimate chosen so AGOCO (Sarir+Messla+Nafoora+Hamada) comes to the ">300 kb/d" Reuters gave for 2019; Sarir+Messla were 260 kb/d in 2016. Also feeds the small Sarir (10 kb/d) and Tobruk (20 kb/d) refineries, not modelled. Wikipedia’s 28.22N 19.13E looks wrong; placeholder used.',
  },
  {
    id: 'messla',
    name: 'Messla',
    aliases: ['Misla', 'Masla', 'Mesla'],
    kind: 'field',
    geometry: pt(...P.messla),
    precision: 'rough',
    basin: 'Sirte (south-east)',
    operator: AGOCO,
    partners: [],
    capacityKbd: 70,
    baselineKbd: 65,
    routes: routes(['sarir-hariga-pipeline'], ['messla-ras-lanuf-pipeline']),
    control: sirteBasinLna,
    sources: [S.messlaNdtv, S.sarirOpens, S.amalAccess],
    notes:
      'About 70 kb/d; 67 kb/d Oct 2020. Ships via the shared line to Hariga and can send crude down a 30" line to Ras Lanuf.',
  },
  {
    id: 'nafoora',
    name: 'Nafoora',
    aliases: ['Nafura', 'Augila-Nafoora', 'Augila Nafoora', 'Awjila-Nafoora', 'Jakharrah field'],
    kind: 'field',
    geometry: pt(...P.nafoora),
    precision: 'rough',
    basin: 'Sirte (east)',
    operator: AGOCO,
    partners: [],
    capacityKbd: 70,
    baselineKbd: 40,
    routes: routes(['nafoora-zueitina-pipeline'], ['amal']),
    control: sirteBasinLna,
    sources: [S.gulftime, S.zueitinaResume, S.gemNotes],
    notes:
      'Capacity 70 kb/d (2011). Nafoora+Amal ≈90 kb/d combined (2020): 40/50 split is an estimate. Primary route the 68 km line to Zueitina (GEM); Bloomberg 2020 says Nafoora feeds Ras Lanuf, kept as an alternate through the Amal hub.',
  },

  /* ===== Harouge: Amal hub -> Ras Lanuf ===== */
  {
    id: 'amal',
    name: 'Amal',
    aliases: ['Al Amal', 'Al-Amal', 'Amal field'],
    kind: 'field',
    geometry: pt(...P.amal),
    precision: 'rough',
    basin: 'Sirte (east)',
    operator: HAROUGE,
    partners: HAROUGE_PARTNERS,
    capacityKbd: 60,
    baselineKbd: 50,
    routes: routes(['amal-ras-lanuf-pipeline'], ['amal-es-sider-pipeline']),
    control: sirteBasinLna,
    sources: [S.gulftime, S.amalAccess, S.suncor, S.isis2016],
    notes:
      'Storage and dispatch hub for Harouge crude. Baseline 50 kb/d and capacity 60 kb/d are estimates from "Nafoora+Amal ≈90 kb/d" (2020).',
  },
  {
    id: 'harouge-other',
    name: 'Harouge other fields (Ghani, Naga, Tibesti)',
    aliases: ['Ghani field', 'Al Ghani field', 'Naga field', 'Al Naqah', 'Al-Naqah', 'Tibesti field'],
    kind: 'field',
    geometry: pt(28.9, 17.6),
    precision: 'rough',
    basin: 'Sirte',
    operator: HAROUGE,
    partners: HAROUGE_PARTNERS,
    capacityKbd: 20,
    baselineKbd: 15,
    routes: routes(['amal']),
    control: sirteBasinLna,
    sources: [S.ghani, S.amalAccess],
    notes:
      'Lumped small Harouge fields. Ghani 5-8 kb/d (Dec 2019); the 15 kb/d total and the position are estimates. They reach Ras Lanuf through the Al-Naqah-Al Ghani-Amal line.',
  },

  /* ===== Waha group -> Es Sider ===== */
  {
    id: 'waha',
    name: 'Waha',
    aliases: ['Al Waha', 'Al-Waha', 'Waha field'],
    kind: 'field',
    geometry: pt(...P.waha),
    precision: 'rough',
    basin: 'Sirte (central)',
    operator: WAHA,
    partners: WAHA_PARTNERS,
    capacityKbd: 100,
    baselineKbd: 75,
    routes: routes(['samah-dahra-es-sider-pipeline']),
    control: sirteBasinLna,
    sources: [S.wahaMeed, S.wahaLine2021, S.gemNotes],
    notes: WAHA_GROUP_NOTE,
  },
  {
    id: 'gialo',
    name: 'Gialo',
    aliases: ['Jalu', 'Jalo', 'Gialo 59', 'Gialo field'],
    kind: 'field',
    geometry: pt(...P.gialo),
    precision: 'rough',
    basin: 'Sirte (east)',
    operator: WAHA,
    partners: WAHA_PARTNERS,
    capacityKbd: 120,
    baselineKbd: 90,
    routes: routes(['samah-dahra-es-sider-pipeline']),
    control: sirteBasinLna,
    sources: [S.wahaMeed, S.wahaFaregh],
    notes: `Includes Gialo 59 ("30 km from Jalu"). ${WAHA_GROUP_NOTE}`,
  },
  {
    id: 'dahra',
    name: 'Dahra',
    aliases: ['Dahra field', 'Al Dahra', 'Al-Dahra'],
    kind: 'field',
    geometry: pt(...P.dahra),
    precision: 'rough',
    basin: 'Sirte (central)',
    operator: WAHA,
    partners: WAHA_PARTNERS,
    capacityKbd: 45,
    baselineKbd: 30,
    routes: routes(['samah-dahra-es-sider-pipeline']),
    control: sirteBasinLna,
    sources: [S.wahaMeed, S.wahaLine2022],
    notes: WAHA_GROUP_NOTE,
  },
  {
    id: 'defa',
    name: 'Defa',
    aliases: ['Defa field', 'Difa field'],
    kind: 'field',
    geometry: pt(...P.defa),
    precision: 'rough',
    basin: 'Sirte (central)',
    operator: WAHA,
    partners: WAHA_PARTNERS,
    capacityKbd: 60,
    baselineKbd: 45,
    routes: routes(['samah-dahra-es-sider-pipeline']),
    control: sirteBasinLna,
    sources: [S.wahaMeed],
    notes: WAHA_GROUP_NOTE,
  },
  {
    id: 'samah',
    name: 'Samah',
    aliases: ['Samah field', 'As Samah'],
    kind: 'field',
    geometry: pt(...P.samah),
    precision: 'rough',
    basin: 'Sirte (central)',
    operator: WAHA,
    partners: WAHA_PARTNERS,
    capacityKbd: 45,
    baselineKbd: 30,
    routes: routes(['samah-dahra-es-sider-pipeline']),
    control: sirteBasinLna,
    sources: [S.wahaMeed, S.wahaLine2021],
    notes: `Head of the 32" Samah-Dahra-Es Sider line; position is an estimate. ${WAHA_GROUP_NOTE}`,
  },
  {
    id: 'waha-other',
    name: 'Waha other fields (Faregh condensate, Bahi, Beda)',
    aliases: ['Faregh', 'El Farag field', 'Al Farigh', 'Bahi field', 'Beda field'],
    kind: 'field',
    geometry: pt(29.0, 20.0),
    precision: 'rough',
    basin: 'Sirte',
    operator: WAHA,
    partners: WAHA_PARTNERS,
    capacityKbd: 30,
    baselineKbd: 20,
    routes: routes(['gialo']),
    control: sirteBasinLna,
    sources: [S.wahaFaregh, S.wahaMeed],
    notes: `Lumped small Waha fields; Faregh condensate (15 kb/d) is piped to Gialo and blended into Es Sider. Position is a placeholder. ${WAHA_GROUP_NOTE}`,
  },
  {
    id: 'mabruk',
    name: 'Mabruk (onshore)',
    aliases: ['Mabruk field', 'Mabrouk field', 'Mabruk oilfield'],
    kind: 'field',
    geometry: pt(...P.mabruk),
    precision: 'rough',
    basin: 'Sirte',
    operator: 'Mabruk Oil Operations (NOC 50%)',
    partners: ['TotalEnergies (37.5%)', 'Equinor (12.5%)'],
    capacityKbd: 0,
    baselineKbd: 0,
    routes: routes(['samah-dahra-es-sider-pipeline']),
    control: sirteBasinLna,
    sources: [S.mees2015],
    notes:
      'Blocks 70/87; shut since a 2015 attack, so 0 kb/d baseline; capacity not in the reference. Route to Es Sider through the Waha system is unverified.',
  },

  /* ===== Sirte Oil -> Brega ===== */
  {
    id: 'zelten',
    name: 'Zelten (Nasser)',
    aliases: ['Zelten', 'Zaltan', 'Nasser field', 'Nasser oilfield', 'Zelten platform'],
    kind: 'field',
    geometry: pt(...P.zelten),
    precision: 'rough',
    basin: 'Sirte (central)',
    operator: SIRTE,
    partners: [],
    capacityKbd: 60,
    baselineKbd: 40,
    routes: routes(['zelten-brega-pipeline']),
    control: sirteBasinLna,
    sources: [S.britannica, S.sirteOil],
    notes:
      'Giant (2.2 bn bbl) field, 169 km south of Brega. Sirte Oil made ≈55 kb/d before the blockade; the 40/10/5 split across Zelten, Raguba and the rest, and the capacity, are estimates.',
  },
  {
    id: 'raguba',
    name: 'Raguba',
    aliases: ['Al Raguba', 'Al-Raguba', 'Al Raqouba', 'Raqouba', 'Ragubah'],
    kind: 'field',
    geometry: pt(...P.raguba),
    precision: 'rough',
    basin: 'Sirte (west-central)',
    operator: SIRTE,
    partners: [],
    capacityKbd: 15,
    baselineKbd: 10,
    routes: routes(['brega']),
    control: sirteBasinLna,
    sources: [S.raguba, S.sirteOil],
    notes:
      '13.3 kb/d in 2023 was its best since 2011, so ~10 kb/d in 2019 is an estimate. Ships to Brega; the line is not modelled separately.',
  },
  {
    id: 'sirte-oil-other',
    name: 'Sirte Oil other fields (Lehib, Attahaddy)',
    aliases: ['Lehib', 'Attahaddy', 'Al Khair field'],
    kind: 'field',
    geometry: pt(29.3, 19.4),
    precision: 'rough',
    basin: 'Sirte',
    operator: SIRTE,
    partners: [],
    capacityKbd: 10,
    baselineKbd: 5,
    routes: routes(['brega']),
    control: sirteBasinLna,
    sources: [S.sirteOil],
    notes:
      'Lumped remainder of Sirte Oil’s ≈55 kb/d; volume and position are estimates. Al Khair (2021) ships to Es Sider in later years.',
  },

  /* ===== Zueitina Oil and Eni -> Zueitina ===== */
  {
    id: 'intisar',
    name: 'Intisar',
    aliases: ['Intisar A', 'Idris A', 'Idris reefs', 'Intisar reefs'],
    kind: 'field',
    geometry: pt(...P.intisar),
    precision: 'rough',
    basin: 'Sirte (central)',
    operator: ZUEITINA,
    partners: ZUEITINA_PARTNERS,
    capacityKbd: 15,
    baselineKbd: 12,
    routes: routes(['zueitina']),
    control: sirteBasinLna,
    sources: [S.zueitinaOil, S.gemNotes],
    notes:
      'Idris A-D reefs. Zueitina Oil averaged 19 kb/d in Q4 2018; the 12/7 split with its other fields and the position are estimates.',
  },
  {
    id: 'zueitina-other',
    name: 'Zueitina Oil other fields (Zella, Sabah)',
    aliases: ['Zella field', 'Zalla field', 'Sabah field'],
    kind: 'field',
    geometry: pt(...P.bahi),
    precision: 'rough',
    basin: 'Sirte (central)',
    operator: ZUEITINA,
    partners: ZUEITINA_PARTNERS,
    capacityKbd: 10,
    baselineKbd: 7,
    routes: routes(['zueitina']),
    control: sirteBasinLna,
    sources: [S.zueitinaOil],
    notes:
      'Lumped remainder of Zueitina Oil’s 19 kb/d (Q4 2018); volume and position (Zella area) are estimates.',
  },
  {
    id: 'bu-attifel',
    name: 'Bu Attifel',
    aliases: ['Abu Attifel', 'Abu-Attifel', 'Bu-Attifel', 'Bouattifel'],
    kind: 'field',
    geometry: pt(...P.buAttifel),
    precision: 'rough',
    basin: 'Sirte (east)',
    operator: MELLITAH,
    partners: MELLITAH_PARTNERS,
    capacityKbd: 60,
    baselineKbd: 35,
    routes: routes(['zueitina']),
    control: sirteBasinLna,
    sources: [S.eniRestart],
    notes:
      '"300 km south of Benghazi". Bu Attifel+Wafa made 76 kb/d in Sep 2011, ~30% below pre-war; the 35 kb/d baseline and 60 kb/d capacity are estimates. Ships Bu Attifel grade through Zueitina.',
  },

  /* ===== Export terminals and offshore loading points ===== */
  {
    id: 'es-sider',
    name: 'Es Sider',
    aliases: ['Sidra', 'Al-Sidra', 'Al Sidra', 'Es Sidra', 'As Sidra', 'Es-Sider', 'Ras Sidra', 'Sider'],
    kind: 'terminal',
    geometry: pt(...P.esSider),
    precision: 'approximate',
    basin: 'Sirte (coast)',
    operator: 'Waha Oil Co (terminal operator)',
    partners: [],
    capacityKbd: 350,
    baselineKbd: 290,
    routes: routes([]),
    control: oilCrescentPortLna,
    sources: [S.sidraWiki, S.fm2020, S.ports2014, S.ports2014fm, S.nocCapacity, S.jadhran2018, S.lna2018],
    notes:
      'Largest terminal. Capacity range 260-450 kb/d across sources (NOC ≈263 after 16 of 19 tanks were destroyed 2014-16); 350 nameplate used. Throughput = the Waha group.',
  },
  {
    id: 'ras-lanuf',
    name: 'Ras Lanuf',
    aliases: ['Ras Lanuf terminal', 'Ras Lanouf', 'Ras al-Unuf', 'Ras Al Unuf', 'Raslanuf'],
    kind: 'terminal',
    geometry: pt(...P.rasLanuf),
    precision: 'approximate',
    basin: 'Sirte (coast)',
    operator: 'Harouge Oil Operations (export)',
    partners: [],
    capacityKbd: 200,
    baselineKbd: 65,
    routes: routes([]),
    control: oilCrescentPortLna,
    sources: [S.rasLanufWiki, S.fm2020, S.nocCapacity, S.isis2016, S.jadhran2018],
    notes:
      'Capacity 195-220 kb/d (NOC ≈115 with 4 of 13 tanks working after Jun 2018). Throughput = Harouge (Amal hub) crude; Messla crude can arrive down the 30" line.',
  },
  {
    id: 'zueitina',
    name: 'Zueitina',
    aliases: ['Zuwetina', 'Zuetina', 'Zuwaytinah', 'Az Zuwaytinah', 'Zueitina terminal'],
    kind: 'terminal',
    geometry: pt(...P.zueitina),
    precision: 'rough',
    basin: 'Sirte (coast)',
    operator: 'Zueitina Oil Co (terminal operator)',
    partners: [],
    capacityKbd: 100,
    baselineKbd: 94,
    routes: routes([]),
    control: zueitinaControl,
    sources: [S.zueitinaResume, S.zueitinaHandover, S.fm2020, S.nocCapacity, S.ports2014],
    notes:
      'Installed 60-70 kb/d (ministry/IHS) but exported 214 kb/d in Jan 2011; NOC ≈85-105 kb/d; 100 used. Storage ~6.5 m bbl. Fed by Zueitina Oil, Bu Attifel and Nafoora (and Wintershall C96, not modelled).',
  },
  {
    id: 'brega',
    name: 'Brega',
    aliases: [
      'Marsa el Brega',
      'Marsa El-Brega',
      'Marsa al Brega',
      'Mersa Brega',
      'Al Brega',
      'Brega terminal',
    ],
    kind: 'terminal',
    geometry: pt(...P.brega),
    precision: 'approximate',
    basin: 'Sirte (coast)',
    operator: SIRTE,
    partners: [],
    capacityKbd: 60,
    baselineKbd: 55,
    routes: routes([]),
    control: bregaLna,
    sources: [S.bregaWiki, S.fm2020, S.nocCapacity, S.britannica],
    notes:
      'NOC ≈60 kb/d export capacity. Also an 8.4 kb/d refinery and the LNG plant (not modelled). Throughput = Sirte Oil’s fields.',
  },
  {
    id: 'hariga',
    name: 'Hariga',
    aliases: [
      'Marsa el Hariga',
      'Marsa al Hariga',
      'Marsa El-Hariga',
      'Tobruk',
      'Tobruk terminal',
      'Tobruk port',
      'Al Hariga',
    ],
    kind: 'terminal',
    geometry: pt(...P.hariga),
    precision: 'approximate',
    basin: 'Cyrenaica (coast)',
    operator: AGOCO,
    partners: [],
    capacityKbd: 200,
    baselineKbd: 220,
    routes: routes([]),
    control: harigaControl,
    sources: [S.harigaTank, S.fm2020, S.nocCapacity, S.amiralbahr, S.harigaStrike],
    notes:
      'Capacity 110-120 kb/d (IHS 2014, Libya Herald 2015) to ≈200 (NOC); 200 used. Throughput estimate: Sarir+Messla (255) less ~30 kb/d to the Sarir and Tobruk refineries. 2 berths, ~4 m bbl storage.',
  },
  {
    id: 'mellitah',
    name: 'Mellitah',
    aliases: ['Mellitah complex', 'Melittah', 'Mlitah', 'Mellitah terminal'],
    kind: 'terminal',
    geometry: pt(...P.mellitah),
    precision: 'approximate',
    basin: 'Tripolitania (coast)',
    operator: MELLITAH,
    partners: MELLITAH_PARTNERS,
    capacityKbd: 100,
    baselineKbd: 90,
    routes: routes([]),
    control: westernGna,
    sources: [S.mellitah2013, S.nocCapacity, S.marsec, S.gemNotes],
    notes:
      'NOC ≈100 kb/d. Ships Mellitah blend (El Feel crude + Wafa condensate); also Bahr Essalam condensate and the Greenstream gas line to Gela (gas, not modelled).',
  },
  {
    id: 'zawiya',
    name: 'Zawiya',
    aliases: ['Zawia', 'Az Zawiyah', 'Al Zawiya', 'Zawiya terminal', 'Zawiya port', 'Zawia terminal'],
    kind: 'terminal',
    geometry: pt(...P.zawiya),
    precision: 'rough',
    basin: 'Tripolitania (coast)',
    operator: 'NOC (Zawiya Oil Refining Co terminal)',
    partners: [],
    capacityKbd: 115,
    baselineKbd: 180,
    routes: routes([]),
    control: westernGna,
    sources: [S.nocCapacity, S.mees2018, S.national],
    notes:
      'NOC ≈115 kb/d (2023-24). Throughput estimate: Sharara+Hamada (300) less the 120 kb/d refinery, which is above that later capacity figure; the terminal exported the rest of Sharara before 2020.',
  },
  {
    id: 'bouri-fso',
    name: 'Bouri FSO (Gaza)',
    aliases: ['FSO Gaza', 'Gaza FSO', 'Bouri FSO', 'Bouri terminal'],
    kind: 'terminal',
    geometry: pt(...P.bouri),
    precision: 'rough',
    basin: 'Pelagian (offshore)',
    operator: MELLITAH,
    partners: MELLITAH_PARTNERS,
    capacityKbd: 20,
    baselineKbd: 30,
    routes: routes([]),
    control: westernGna,
    sources: [S.offshore, S.nocCapacity],
    notes:
      'FSO "Gaza" (>1.5 m bbl) on an SPM since May 2016, replacing FSO "Sloug". NOC ≈20 kb/d export figure; loads Bouri’s output.',
  },
  {
    id: 'al-jurf-fpso',
    name: 'Al Jurf FPSO',
    aliases: ['Al-Jurf FPSO', 'Al Jurf terminal'],
    kind: 'terminal',
    geometry: pt(...P.alJurf),
    precision: 'rough',
    basin: 'Pelagian (offshore)',
    operator: 'Mabruk Oil Operations (NOC 50%)',
    partners: ['TotalEnergies (37.5%)', 'Wintershall (12.5%)'],
    capacityKbd: 45,
    baselineKbd: 40,
    routes: routes([]),
    control: westernGna,
    sources: [S.totalAlJurf, S.mees2015],
    notes:
      'Anchored FPSO ~3 km from the wellhead platform in ~90 m of water. The name "Farwah" is not confirmed by the reference, so it is not an alias.',
  },

  /* ===== Refineries that take crude off the export routes ===== */
  {
    id: 'zawiya-refinery',
    name: 'Zawiya refinery',
    aliases: ['Zawia refinery', 'Az Zawiyah refinery', 'Zawiya oil refinery', 'Zawia oil refinery'],
    kind: 'refinery',
    geometry: pt(...P.zawiya),
    precision: 'rough',
    basin: 'Tripolitania (coast)',
    operator: 'Zawiya Oil Refining Co (NOC)',
    partners: [],
    capacityKbd: 120,
    baselineKbd: 120,
    routes: routes([]),
    control: westernGna,
    sources: [S.zawiyaShut, S.reuters2011Refineries, S.national],
    notes:
      '120 kb/d (2 x 60 kb/d CDUs), fed by the Sharara line. Shut 8 Feb 2020 for lack of crude after the Hamada valve closed.',
  },
  {
    id: 'ras-lanuf-refinery',
    name: 'Ras Lanuf refinery',
    aliases: ['RASCO', 'RASCO refinery', 'Ras Lanuf oil refinery'],
    kind: 'refinery',
    geometry: pt(...P.rasLanuf),
    precision: 'approximate',
    basin: 'Sirte (coast)',
    operator: 'Ras Lanuf Oil & Gas Processing Co (RASCO, NOC)',
    partners: [],
    capacityKbd: 220,
    baselineKbd: 0,
    routes: routes([]),
    control: oilCrescentPortLna,
    sources: [S.rasLanufWiki, S.reuters2011Refineries, S.amalAccess],
    notes:
      '220 kb/d, commissioned 1984, offline or limited for years before 2020, hence 0 kb/d baseline (estimate). Fed by the Messla-Ras Lanuf and Amal-Ras Lanuf lines.',
  },

  /* ===== Pipelines ===== */
  {
    id: 'sharara-zawiya-pipeline',
    name: 'Sharara-Zawiya pipeline',
    aliases: [
      'Sharara-Zawiya line',
      'Sharara Zawiya pipeline',
      'Sharara pipeline',
      'Hamada-Zawiya pipeline',
      'Hamada Zawiya pipeline',
      'Akakus pipeline',
    ],
    kind: 'pipeline',
    geometry: line(P.sharara, P.hamada, P.rayayina, P.zawiya),
    precision: 'rough',
    basin: 'Murzuq / Ghadames / Tripolitania',
    operator: AKAKUS,
    partners: [],
    capacityKbd: 340,
    baselineKbd: 300,
    routes: routes(['zawiya-refinery', 'zawiya']),
    control: westernTrunkControl,
    sources: [S.national, S.tv218Sharara, S.ftPipeline, S.hamadaValve2019],
    notes:
      '~720-800 km from Sharara via the Hamada pumping station (where Hamada crude joins) and the Rayayina valves to the Zawiya refinery and terminal. Single point of failure for ~300 kb/d. A landowner closed a valve on it 4-5 Mar 2018. Capacity is Sharara’s upper capacity, an estimate.',
  },
  {
    id: 'el-feel-mellitah-pipeline',
    name: 'El Feel-Mellitah pipeline',
    aliases: ['El Feel-Mellitah line', 'Elephant-Mellitah pipeline', 'El Feel pipeline', 'Elephant pipeline'],
    kind: 'pipeline',
    geometry: line(P.elFeel, P.hamada, P.rayayina, P.mellitah),
    precision: 'rough',
    basin: 'Murzuq / Ghadames / Tripolitania',
    operator: MELLITAH,
    partners: [],
    capacityKbd: 90,
    baselineKbd: 70,
    routes: routes(['mellitah']),
    control: westernTrunkControl,
    sources: [S.marsec, S.national, S.rayayina],
    notes:
      'NOC, Jan 2020: the blockade closed the lines "linking El Feel to the Mellitah terminal". Runs through the Hamada corridor (the station "hosts pipelines for Mellitah Oil and Akakus") and the Rayayina valves; geometry follows that, vertices are placeholders.',
  },
  {
    id: 'wafa-mellitah-pipeline',
    name: 'Wafa-Mellitah pipeline',
    aliases: ['Wafa-Mellitah line', 'Wafa Mellitah pipeline', 'Wafa pipeline'],
    kind: 'pipeline',
    geometry: line(P.wafa, P.mellitah),
    precision: 'rough',
    basin: 'Ghadames / Tripolitania',
    operator: MELLITAH,
    partners: [],
    capacityKbd: 25,
    baselineKbd: 20,
    routes: routes(['mellitah']),
    control: westernGna,
    sources: [S.gemNotes, S.wafaFire],
    notes:
      '16" oil and condensate line (GEM GOIT P0606) beside a gas line; arson at station 15 (Ajaylat) Aug 2018. Drawn straight.',
  },
  {
    id: 'sarir-hariga-pipeline',
    name: 'Sarir-Hariga pipeline',
    aliases: [
      'Sarir-Hariga line',
      'Sarir Hariga pipeline',
      'Sarir-Tobruk pipeline',
      'Sarir pipeline',
      'Messla-Hariga pipeline',
    ],
    kind: 'pipeline',
    geometry: line(P.sarir, P.messla, P.hariga),
    precision: 'rough',
    basin: 'Sirte / Cyrenaica',
    operator: AGOCO,
    partners: [],
    capacityKbd: 250,
    baselineKbd: 255,
    routes: routes(['hariga']),
    control: sirteBasinLna,
    sources: [S.harigaTank, S.pe2011, S.sarirHarigaBomb],
    notes:
      '510 km with a booster station (destroyed Apr 2011, bypassed at reduced pressure: 200-250 kb/d); bombed 14 Feb 2015. Shared by Sarir and Messla.',
  },
  {
    id: 'messla-ras-lanuf-pipeline',
    name: 'Messla-Ras Lanuf pipeline',
    aliases: ['Messla-Ras Lanuf line', 'Messla Ras Lanuf pipeline', 'Misla-Ras Lanuf pipeline'],
    kind: 'pipeline',
    geometry: line(P.messla, P.rasLanuf),
    precision: 'rough',
    basin: 'Sirte',
    operator: AGOCO,
    partners: [],
    capacityKbd: 70,
    baselineKbd: 0,
    routes: routes(['ras-lanuf-refinery', 'ras-lanuf']),
    control: sirteBasinLna,
    sources: [S.amalAccess, S.rasLanufWiki],
    notes:
      '30" line to the RASCO refinery and terminal; Messla’s alternate outlet, so 0 kb/d baseline (estimate). Drawn straight.',
  },
  {
    id: 'amal-ras-lanuf-pipeline',
    name: 'Amal-Ras Lanuf pipeline',
    aliases: ['Amal-Ras Lanuf line', 'Amal Ras Lanuf pipeline'],
    kind: 'pipeline',
    geometry: line(P.amal, P.rasLanuf),
    precision: 'rough',
    basin: 'Sirte',
    operator: HAROUGE,
    partners: [],
    capacityKbd: 90,
    baselineKbd: 65,
    routes: routes(['ras-lanuf'], ['ras-lanuf-refinery']),
    control: sirteBasinLna,
    sources: [S.amalAccess, S.rasLanufWiki],
    notes:
      'Harouge trunk line from the Amal hub; carries Amal, Ghani, Naga and Tibesti crude. Capacity is an estimate. Drawn straight.',
  },
  {
    id: 'amal-es-sider-pipeline',
    name: 'Amal-Es Sider pipeline',
    aliases: ['Amal-Es Sider line', 'Amal-Sidra pipeline', 'Amal Es Sider pipeline'],
    kind: 'pipeline',
    geometry: line(P.amal, P.esSider),
    precision: 'rough',
    basin: 'Sirte',
    operator: HAROUGE,
    partners: [],
    capacityKbd: 60,
    baselineKbd: 0,
    routes: routes(['es-sider']),
    control: sirteBasinLna,
    sources: [S.isis2016],
    notes:
      'Attacked by ISIS 21 Jan 2016. Amal’s alternate outlet, so 0 kb/d baseline; capacity is an estimate. Drawn straight.',
  },
  {
    id: 'nafoora-zueitina-pipeline',
    name: 'Nafoora-Zueitina pipeline',
    aliases: ['Nafoora-Zueitina line', 'Nafoora Zueitina pipeline'],
    kind: 'pipeline',
    geometry: line(P.nafoora, P.zueitina),
    precision: 'rough',
    basin: 'Sirte',
    operator: AGOCO,
    partners: [],
    capacityKbd: 70,
    baselineKbd: 40,
    routes: routes(['zueitina']),
    control: sirteBasinLna,
    sources: [S.gemNotes, S.zueitinaResume],
    notes:
      '68 km, 24/16" (GOIT P5237); the placeholder positions of its ends are ~230 km apart, so the drawn line overstates its length.',
  },
  {
    id: 'samah-dahra-es-sider-pipeline',
    name: 'Samah-Dahra-Es Sider pipeline',
    aliases: [
      'Samah-Dahra-Es Sider line',
      'Waha main line',
      'Waha pipeline',
      'Samah-Dahra pipeline',
      'Dahra-Es Sider pipeline',
      'Dahra-Sidra pipeline',
    ],
    kind: 'pipeline',
    geometry: line(P.samah, P.dahra, P.esSider),
    precision: 'rough',
    basin: 'Sirte',
    operator: WAHA,
    partners: [],
    capacityKbd: 350,
    baselineKbd: 290,
    routes: routes(['es-sider']),
    control: sirteBasinLna,
    sources: [S.wahaLine2021, S.wahaLine2022],
    notes:
      'Waha’s 32" main crude line; leaks repaired 17-23 Jan 2021 and 4-5 Jan 2022 (km 70-71, ~200 kb/d lost). All Waha-group fields are routed through it (gathering lines not modelled). Capacity is an estimate.',
  },
  {
    id: 'zelten-brega-pipeline',
    name: 'Zelten-Brega pipeline',
    aliases: ['Zelten-Brega line', 'Nasser-Brega pipeline', 'Zelten Brega pipeline'],
    kind: 'pipeline',
    geometry: line(P.zelten, P.brega),
    precision: 'rough',
    basin: 'Sirte',
    operator: SIRTE,
    partners: [],
    capacityKbd: 60,
    baselineKbd: 40,
    routes: routes(['brega']),
    control: sirteBasinLna,
    sources: [S.britannica],
    notes: '169 km; Libya’s first export line (first oil 1961). Capacity is an estimate.',
  },

  /* ===== Chokepoints ===== */
  {
    id: 'hamada-pumping-station',
    name: 'Hamada pumping station',
    aliases: [
      'Hamada valve',
      'Hamada station',
      'Hamada pump station',
      'Al-Hamada valve',
      'Hamada pipeline valve',
    ],
    kind: 'pumping_station',
    geometry: pt(...P.hamada),
    precision: 'rough',
    basin: 'Ghadames (Hamada al-Hamra)',
    operator: AKAKUS,
    partners: [],
    capacityKbd: 430,
    baselineKbd: 370,
    routes: routes([]),
    chokepointOn: ['sharara-zawiya-pipeline', 'el-feel-mellitah-pipeline'],
    control: hamadaCorridorControl,
    sources: [S.national, S.tv218Sharara, S.hamadaValve2019, S.hamadaReopen, S.hamada2022],
    notes:
      'NOC: the station "hosts pipelines for Mellitah Oil and Akakus". Valve closed 19-21 Jul 2019, ~31 Jul 2019, and 19 Jan-5 Jun 2020 (shutting Sharara and El Feel; the Zawiya refinery ran dry on 8 Feb 2020). Throughput = Sharara+Hamada+El Feel; capacity = the two lines.',
  },
  {
    id: 'rayayina-valves',
    name: 'Rayayina valves',
    aliases: ['Rayayina', 'Rayayina valve', 'Al Rayayina', 'Riyayna', 'Rayayna'],
    kind: 'valve',
    geometry: pt(...P.rayayina),
    precision: 'rough',
    basin: 'Tripolitania (Nafusa mountains)',
    operator: AKAKUS,
    partners: [],
    capacityKbd: 430,
    baselineKbd: 370,
    routes: routes([]),
    chokepointOn: ['sharara-zawiya-pipeline', 'el-feel-mellitah-pipeline'],
    control: rayayinaControl,
    sources: [S.rayayina],
    notes:
      'Valves on the Sharara and El Feel lines near Zintan; closed Nov 2014 (Sharara) and Apr 2015 (El Feel) until Dec 2016. Position is an estimate.',
  },
];
