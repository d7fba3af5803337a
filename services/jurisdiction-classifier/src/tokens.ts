/** This service's own providers (the platform ones come from service-kit's tokens). */
export const DIRECTORY = Symbol('jurisdiction-classifier:directory');
export const HISTORY = Symbol('jurisdiction-classifier:history');
export const HISTORY_QUERIES = Symbol('jurisdiction-classifier:history-queries');
export const ALIAS_REPOSITORY = Symbol('jurisdiction-classifier:facility-alias-repository');
export const ALIASES = Symbol('jurisdiction-classifier:facility-aliases');
export const CLASSIFY = Symbol('jurisdiction-classifier:classify-extracted-report');
