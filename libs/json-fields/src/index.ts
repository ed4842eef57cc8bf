export * from './json-value';
export * from './field-problem';
export * from './read-fields';
export * from './read-numbers';
export * from './known-keys';
