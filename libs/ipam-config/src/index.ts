export * from './ipam-section';
export * from './address';
export * from './address-entries';
export * from './routes';
export * from './dns';
export * from './address-limits';
export * from './build-result';
export * from './prev-result-check';
// Transitional: plugins/meta-dispatcher still imports these JSON field readers from here. Their home is
// @plexus/json-fields; drop this line once the dispatcher imports them from there.
export { isJsonObject, jsonTypeOf, readBoolean, readList, readObject, readString, readStringList, type JsonObject } from '@plexus/json-fields';
