export type * from './descriptor.js';
export { describeService, fillTemplate } from './descriptor.js';
export type * from './model.js';
