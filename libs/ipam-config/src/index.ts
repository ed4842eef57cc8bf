export * from './ipam-section';
export * from './address';
export * from './address-entries';
export * from './routes';
export * from './dns';
export * from './address-limits';
export * from './build-result';
export * from './prev-result-check';
