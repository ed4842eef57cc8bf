export * from './cidr';
