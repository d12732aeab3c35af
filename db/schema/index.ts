export * from './admins.js';
export * from './deliveries.js';
export * from './directory.js';
export * from './invites.js';
export * from './scheduler.js';
export * from './system.js';
export * from './events.js';
export * from './tasks.js';
