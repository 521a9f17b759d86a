/**
 * GDELT 2.0 Events export: 61 tab-separated columns (GDELT Event Codebook V2.0). Only
 * the columns Crescent reads are named; the indexes are the codebook's.
 */
export const GDELT_COLUMN_COUNT = 61;

export const GDELT = {
  GLOBALEVENTID: 0,
  SQLDATE: 1,
  Actor1Code: 5,
  Actor1Name: 6,
  Actor1CountryCode: 7,
  Actor1KnownGroupCode: 8,
  Actor1Type1Code: 12,
  Actor2Code: 15,
  Actor2Name: 16,
  Actor2CountryCode: 17,
  Actor2KnownGroupCode: 18,
  Actor2Type1Code: 22,
  IsRootEvent: 25,
  EventCode: 26,
  EventBaseCode: 27,
  EventRootCode: 28,
  QuadClass: 29,
  GoldsteinScale: 30,
  NumMentions: 31,
  NumSources: 32,
  NumArticles: 33,
  AvgTone: 34,
  ActionGeo_Type: 51,
  ActionGeo_FullName: 52,
  ActionGeo_CountryCode: 53,
  ActionGeo_Lat: 56,
  ActionGeo_Long: 57,
  ActionGeo_FeatureID: 58,
  DATEADDED: 59,
  SOURCEURL: 60,
} as const;

export type GdeltColumn = keyof typeof GDELT;

/** ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1). */
export const GDELT_GEO_PRECISION = ['unknown', 'country', 'region', 'town', 'town', 'region'] as const;
