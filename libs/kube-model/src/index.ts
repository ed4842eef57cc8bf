export * from './object-types';
export * from './label-selector';
