export const SCORER_CONFIG = Symbol('SCORER_CONFIG');
export const SCORER_PUBLISHER = Symbol('SCORER_PUBLISHER');
