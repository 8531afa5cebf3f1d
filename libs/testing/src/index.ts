export * from './nip';
export * from './tokens';
export * from './builders';
