export * from './nip';
export * from './tokens';
export * from './builders';
export * from './redis';
