import 'reflect-metadata';

export * from './errors.js';
export * from './context.js';
export * from './authorization.js';
export * from './borrower-access.js';
export * from './scalars.js';
export * from './common.types.js';
export * from './module.js';
export * from './money-input.js';
export * from './user-errors.js';
export * from './cursor.js';
