import type { LocationPrecision } from '../events/geo-event';

/**
 * Who is who in Libyan oil news. `libyan` actors make a story Libyan by themselves;
 * `foreign` ones (states, their leaders, their contractors) do not, but a deployment
 * needs one; `international` bodies (UN, EU) neither.
 */
export type ActorRole = 'libyan' | 'foreign' | 'international';

export interface ActorEntry {
  /** Stable id used in `GeoEvent.actors`; faction ids match `FactionId` where they overlap. */
  readonly id: string;
  readonly name: string;
  readonly role: ActorRole;
  /** Names as news, GDELT and ACLED write them; matched on whole words, case-insensitive. */
  readonly aliases: readonly string[];
}

export const ACTORS: readonly ActorEntry[] = [
  {
    id: 'lna',
    name: 'Libyan National Army (Haftar)',
    role: 'libyan',
    aliases: [
      'Haftar',
      'Hifter',
      'Hftar',
      'Khalifa Haftar',
      'Khalifa Hifter',
      'Field Marshal Haftar',
      'LNA',
      'Libyan National Army',
      'Libyan Arab Armed Forces',
      'LAAF',
      'pro-Haftar forces',
      'eastern-based forces',
      'eastern forces',
      'Military Forces of Libya (2014-) Libyan National Army',
      'Greater Sirte Operations Room',
      'al-Jilani',
    ],
  },
  {
    id: 'gna',
    name: 'Government of National Accord (Sarraj)',
    role: 'libyan',
    aliases: [
      'Sarraj',
      'Serraj',
      'al-Sarraj',
      'Fayez al-Sarraj',
      'Fayez Serraj',
      'GNA',
      'Government of National Accord',
      'National Accord Government',
      'Tripoli government',
      'Tripoli-based government',
      'UN-backed government',
      'UN-recognised government',
      'UN-recognized government',
      'internationally recognised government',
      'internationally recognized government',
      'Presidential Council',
      'Maiteeq',
      'Military Forces of Libya (2016-2021) Government of National Accord',
    ],
  },
  {
    id: 'pfg',
    name: 'Petroleum Facilities Guard',
    role: 'libyan',
    aliases: [
      'Petroleum Facilities Guard',
      'Petroleum Facility Guard',
      'PFG',
      'oil guards',
      'facilities guard',
      'Jadhran',
      'Jathran',
      'Moghrabi',
      'al-Moghrabi',
    ],
  },
  {
    id: 'noc',
    name: 'National Oil Corporation',
    role: 'libyan',
    aliases: [
      'NOC',
      'National Oil Corporation',
      'National Oil Corp',
      'Libyan National Oil Corporation',
      'Sanalla',
      'Sanallah',
      'Mustafa Sanalla',
    ],
  },
  {
    id: 'cbl',
    name: 'Central Bank of Libya',
    role: 'libyan',
    aliases: ['Central Bank of Libya', 'CBL', 'Libyan central bank', 'Sadiq al-Kabir', 'al-Kabir'],
  },
  {
    id: 'hor',
    name: 'House of Representatives (Tobruk)',
    role: 'libyan',
    aliases: [
      'House of Representatives',
      'HoR',
      'Tobruk parliament',
      'eastern parliament',
      'Aguila Saleh',
      'Agila Saleh',
    ],
  },
  {
    id: 'tribes',
    name: 'Tribal and local groups',
    role: 'libyan',
    aliases: [
      'tribes',
      'tribal',
      'tribesmen',
      'tribal leaders',
      'tribal elders',
      'Fezzan Anger',
      'Anger of Fezzan',
      'Fezzan Anger Movement',
      'Tuareg',
      'Tebu',
      'Toubou',
      'Zuwayya',
    ],
  },
  {
    id: 'isis',
    name: 'Islamic State',
    role: 'libyan',
    aliases: ['Islamic State', 'ISIS', 'ISIL', 'Daesh', 'IS militants', 'Islamic State (Libya)'],
  },
  {
    id: 'russia',
    name: 'Russia',
    role: 'foreign',
    aliases: [
      'Russia',
      'Russian',
      'Russians',
      'Moscow',
      'Kremlin',
      'Putin',
      'Vladimir Putin',
      'Lavrov',
      'Sergei Lavrov',
      'Wagner',
      'Wagner Group',
      'Military Forces of Russia',
    ],
  },
  {
    id: 'turkey',
    name: 'Turkey',
    role: 'foreign',
    aliases: [
      'Turkey',
      'Turkiye',
      'Türkiye',
      'Turkish',
      'Ankara',
      'Erdogan',
      'Recep Tayyip Erdogan',
      'Cavusoglu',
      'Mevlut Cavusoglu',
      'Military Forces of Turkey',
    ],
  },
  {
    id: 'uae',
    name: 'United Arab Emirates',
    role: 'foreign',
    aliases: [
      'UAE',
      'United Arab Emirates',
      'Emirati',
      'Emiratis',
      'Abu Dhabi',
      'Military Forces of the United Arab Emirates',
    ],
  },
  {
    id: 'egypt',
    name: 'Egypt',
    role: 'foreign',
    aliases: ['Egypt', 'Egyptian', 'Cairo', 'Sisi', 'el-Sisi', 'Military Forces of Egypt'],
  },
  { id: 'saudi-arabia', name: 'Saudi Arabia', role: 'foreign', aliases: ['Saudi Arabia', 'Saudi', 'Riyadh'] },
  { id: 'qatar', name: 'Qatar', role: 'foreign', aliases: ['Qatar', 'Qatari', 'Doha'] },
  {
    id: 'france',
    name: 'France',
    role: 'foreign',
    aliases: ['France', 'French', 'Paris', 'Macron', 'Emmanuel Macron'],
  },
  { id: 'italy', name: 'Italy', role: 'foreign', aliases: ['Italy', 'Italian', 'Rome', 'Conte'] },
  {
    id: 'germany',
    name: 'Germany',
    role: 'foreign',
    aliases: ['Germany', 'German', 'Berlin', 'Merkel', 'Angela Merkel'],
  },
  {
    id: 'usa',
    name: 'United States',
    role: 'foreign',
    aliases: [
      'United States',
      'U.S.',
      'USA',
      'Washington',
      'American',
      'Trump',
      'Donald Trump',
      'Pompeo',
      'US Embassy',
      'U.S. Embassy',
      'AFRICOM',
    ],
  },
  {
    id: 'un',
    name: 'United Nations',
    role: 'international',
    aliases: [
      'UN',
      'U.N.',
      'United Nations',
      'UNSMIL',
      'UN Support Mission in Libya',
      'United Nations Support Mission in Libya',
      'Security Council',
      'UN Security Council',
      'Ghassan Salame',
      'Salame',
      'Stephanie Williams',
      'Dujarric',
    ],
  },
  {
    id: 'eu',
    name: 'European Union',
    role: 'international',
    aliases: ['European Union', 'EU', 'Brussels', 'Operation Irini'],
  },
];

/**
 * CAMEO three-letter country codes (GDELT Actor*CountryCode) and CAMEO known-group
 * codes for the actors above. Libya itself (`LBY`) is not an actor: it does not say
 * which side.
 */
export const CAMEO_ACTOR_CODES: ReadonlyMap<string, string> = new Map([
  ['RUS', 'russia'],
  ['TUR', 'turkey'],
  ['ARE', 'uae'],
  ['UAE', 'uae'],
  ['EGY', 'egypt'],
  ['SAU', 'saudi-arabia'],
  ['QAT', 'qatar'],
  ['FRA', 'france'],
  ['ITA', 'italy'],
  ['DEU', 'germany'],
  ['USA', 'usa'],
  ['UNO', 'un'],
  ['EUR', 'eu'],
]);

export interface PlaceEntry {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly lat: number;
  readonly lon: number;
  /** `town` for settlements, `region` for provinces and basins, `country` for Libya as a whole. */
  readonly precision: LocationPrecision;
}

/**
 * Libyan places news names, with approximate coordinates (WGS84 degrees, good to a few
 * km for towns and tens of km for regions and basins: enough to pick the assets nearby,
 * not to survey them). Facilities are not here: they come from the asset registry.
 */
export const LIBYAN_PLACES: readonly PlaceEntry[] = [
  {
    id: 'libya',
    name: 'Libya',
    aliases: ['Libya', 'Libyan', 'Libyans', 'State of Libya'],
    lat: 27.0,
    lon: 17.0,
    precision: 'country',
  },
  {
    id: 'tripoli',
    name: 'Tripoli',
    aliases: ['Tripoli', 'Tarabulus', 'Greater Tripoli'],
    lat: 32.89,
    lon: 13.19,
    precision: 'town',
  },
  {
    id: 'benghazi',
    name: 'Benghazi',
    aliases: ['Benghazi', 'Bengasi'],
    lat: 32.12,
    lon: 20.07,
    precision: 'town',
  },
  {
    id: 'misrata',
    name: 'Misrata',
    aliases: ['Misrata', 'Misurata', 'Misratah'],
    lat: 32.38,
    lon: 15.09,
    precision: 'town',
  },
  {
    id: 'sirte',
    name: 'Sirte',
    aliases: ['Sirte', 'Surt', 'Sirt'],
    lat: 31.21,
    lon: 16.59,
    precision: 'town',
  },
  { id: 'tobruk', name: 'Tobruk', aliases: ['Tobruk', 'Tubruq'], lat: 32.08, lon: 23.96, precision: 'town' },
  {
    id: 'ajdabiya',
    name: 'Ajdabiya',
    aliases: ['Ajdabiya', 'Ajdabiyah', 'Ajdabia'],
    lat: 30.76,
    lon: 20.23,
    precision: 'town',
  },
  { id: 'derna', name: 'Derna', aliases: ['Derna', 'Darnah'], lat: 32.76, lon: 22.64, precision: 'town' },
  {
    id: 'bayda',
    name: 'Al Bayda',
    aliases: ['Bayda', 'Al Bayda', 'al-Bayda', 'Beida'],
    lat: 32.76,
    lon: 21.75,
    precision: 'town',
  },
  {
    id: 'marj',
    name: 'Al Marj',
    aliases: ['Al Marj', 'al-Marj', 'Marj'],
    lat: 32.49,
    lon: 20.83,
    precision: 'town',
  },
  { id: 'sabha', name: 'Sabha', aliases: ['Sabha', 'Sebha'], lat: 27.04, lon: 14.43, precision: 'town' },
  {
    id: 'ubari',
    name: 'Ubari',
    aliases: ['Ubari', 'Awbari', 'Obari'],
    lat: 26.59,
    lon: 12.78,
    precision: 'town',
  },
  { id: 'murzuq', name: 'Murzuq', aliases: ['Murzuq', 'Murzuk'], lat: 25.92, lon: 13.92, precision: 'town' },
  { id: 'ghat', name: 'Ghat', aliases: ['Ghat'], lat: 24.96, lon: 10.17, precision: 'town' },
  {
    id: 'ghadames',
    name: 'Ghadames',
    aliases: ['Ghadames', 'Ghadamis'],
    lat: 30.13,
    lon: 9.5,
    precision: 'town',
  },
  { id: 'kufra', name: 'Kufra', aliases: ['Kufra', 'Al Kufrah'], lat: 24.18, lon: 23.31, precision: 'town' },
  {
    id: 'jalu',
    name: 'Jalu',
    aliases: ['Jalu', 'Jalo', 'Gialo town'],
    lat: 29.03,
    lon: 21.55,
    precision: 'town',
  },
  {
    id: 'awjila',
    name: 'Awjila',
    aliases: ['Awjila', 'Aujila', 'Augila'],
    lat: 29.11,
    lon: 21.29,
    precision: 'town',
  },
  {
    id: 'jakharrah',
    name: 'Jakharrah',
    aliases: ['Jakharrah', 'Jikharra', 'Jakhira'],
    lat: 29.2,
    lon: 21.6,
    precision: 'town',
  },
  {
    id: 'zuwara',
    name: 'Zuwara',
    aliases: ['Zuwara', 'Zuwarah', 'Zuara'],
    lat: 32.93,
    lon: 12.08,
    precision: 'town',
  },
  {
    id: 'sabratha',
    name: 'Sabratha',
    aliases: ['Sabratha', 'Sabratah'],
    lat: 32.79,
    lon: 12.49,
    precision: 'town',
  },
  {
    id: 'gharyan',
    name: 'Gharyan',
    aliases: ['Gharyan', 'Gharian'],
    lat: 32.17,
    lon: 13.02,
    precision: 'town',
  },
  {
    id: 'tarhuna',
    name: 'Tarhuna',
    aliases: ['Tarhuna', 'Tarhunah', 'Tarhouna'],
    lat: 32.43,
    lon: 13.63,
    precision: 'town',
  },
  {
    id: 'bani-walid',
    name: 'Bani Walid',
    aliases: ['Bani Walid', 'Beni Walid'],
    lat: 31.76,
    lon: 13.98,
    precision: 'town',
  },
  {
    id: 'zintan',
    name: 'Zintan',
    aliases: ['Zintan', 'Az Zintan'],
    lat: 31.93,
    lon: 12.25,
    precision: 'town',
  },
  { id: 'nalut', name: 'Nalut', aliases: ['Nalut'], lat: 31.87, lon: 10.98, precision: 'town' },
  {
    id: 'khoms',
    name: 'Khoms',
    aliases: ['Khoms', 'Al Khums', 'Homs (Libya)'],
    lat: 32.65,
    lon: 14.26,
    precision: 'town',
  },
  { id: 'hun', name: 'Hun', aliases: ['Hun', 'Houn'], lat: 29.12, lon: 15.95, precision: 'town' },
  {
    id: 'jufra',
    name: 'Jufra',
    aliases: ['Jufra', 'al-Jufra', 'Al Jufrah'],
    lat: 29.1,
    lon: 16.0,
    precision: 'region',
  },
  {
    id: 'fezzan',
    name: 'Fezzan',
    aliases: ['Fezzan', 'Fazzan', 'south-west Libya', 'southwestern Libya', 'southern Libya'],
    lat: 26.0,
    lon: 13.5,
    precision: 'region',
  },
  {
    id: 'cyrenaica',
    name: 'Cyrenaica',
    aliases: ['Cyrenaica', 'Barqa', 'eastern Libya', 'east Libya'],
    lat: 30.5,
    lon: 21.5,
    precision: 'region',
  },
  {
    id: 'tripolitania',
    name: 'Tripolitania',
    aliases: ['Tripolitania', 'western Libya', 'west Libya'],
    lat: 31.5,
    lon: 13.0,
    precision: 'region',
  },
  {
    id: 'oil-crescent',
    name: 'Oil Crescent',
    aliases: ['Oil Crescent', 'oil crescent region', 'Sirte Gulf', 'Gulf of Sirte', 'Gulf of Sidra'],
    lat: 30.5,
    lon: 19.0,
    precision: 'region',
  },
  {
    id: 'sirte-basin',
    name: 'Sirte Basin',
    aliases: ['Sirte Basin', 'Sirt Basin'],
    lat: 29.0,
    lon: 19.5,
    precision: 'region',
  },
  {
    id: 'murzuq-basin',
    name: 'Murzuq Basin',
    aliases: ['Murzuq Basin'],
    lat: 26.0,
    lon: 11.5,
    precision: 'region',
  },
  {
    id: 'ghadames-basin',
    name: 'Ghadames Basin',
    aliases: ['Ghadames Basin', 'Hamada al-Hamra', 'Hamada al Hamra'],
    lat: 30.0,
    lon: 11.5,
    precision: 'region',
  },
];

/** FIPS 10-4 country codes (GDELT geography) to ISO 3166-1 alpha-2, for the countries Libyan oil news names. */
export const FIPS_TO_ISO2: ReadonlyMap<string, string> = new Map([
  ['LY', 'LY'],
  ['RS', 'RU'],
  ['TU', 'TR'],
  ['EG', 'EG'],
  ['AE', 'AE'],
  ['SA', 'SA'],
  ['QA', 'QA'],
  ['FR', 'FR'],
  ['IT', 'IT'],
  ['GM', 'DE'],
  ['UK', 'GB'],
  ['US', 'US'],
  ['TS', 'TN'],
  ['AG', 'DZ'],
  ['SU', 'SD'],
  ['CD', 'TD'],
  ['NG', 'NE'],
  ['SY', 'SY'],
  ['GR', 'GR'],
  ['CY', 'CY'],
  ['MT', 'MT'],
  ['JO', 'JO'],
]);

/** Rough bounding box of Libya (degrees), for feeds that give coordinates but no country. */
export const LIBYA_BOUNDS = { minLat: 19.4, maxLat: 33.3, minLon: 9.3, maxLon: 25.2 } as const;

export function insideLibya(lat: number, lon: number): boolean {
  return (
    lat >= LIBYA_BOUNDS.minLat &&
    lat <= LIBYA_BOUNDS.maxLat &&
    lon >= LIBYA_BOUNDS.minLon &&
    lon <= LIBYA_BOUNDS.maxLon
  );
}
