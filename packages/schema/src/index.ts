export type * from './model.js';
export type * from './descriptor.js';
export { describeService, fillTemplate } from './descriptor.js';
