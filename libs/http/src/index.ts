export * from './http-client';
export * from './errors';
export * from './fetch-http-client';
