// Event formats: every accepted input becomes one GeoEvent or one typed Rejection.
export { DEFAULT_NORMALISE_LIMITS, type NormaliseContext, type NormaliseLimits } from './normalise-context';
export { normaliseRecord, normaliseMessage, NOT_UTF8, RECORD_KINDS } from './normalise-record';
export {
  createLineDecoder,
  isAcledHeader,
  looksLikeGdelt,
  startsJson,
  type DecodedItem,
  type LineDecoder,
} from './line-decoder';
export { ACLED_REQUIRED_COLUMNS } from './acled.adapter';
export { GDELT_COLUMN_COUNT } from './gdelt-columns';
export { ContentHasher } from './content-hash';
export { CsvRecordAssembler, parseCsvRecord } from './csv-record.parser';
export { utcDateTime } from './time-parsing';
