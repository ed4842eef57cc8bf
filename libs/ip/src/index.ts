export * from './cidr';
export * from './go-cidr';
