// Classification: free text, CAMEO codes and ACLED types onto Crescent's taxonomy.
export { type Classification, BASE_SEVERITY, THREATENED_TYPE } from './classification';
export { classifyNews, type NewsText, type ClassifyOptions } from './news-classifier';
export { CAMEO_TAXONOMY, cameoEntry, type CameoEntry } from './cameo-taxonomy';
export { ACLED_EVENT_TYPES, acledType, type AcledEventType } from './acled-taxonomy';
export { ACTORS, LIBYAN_PLACES, type ActorEntry, type PlaceEntry } from './gazetteer';
