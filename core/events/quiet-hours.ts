/** Events keep their name for the rule; it lives with the deliveries now, where every message is held by it. */
export { outsideQuietHours, quietHours, quietHoursEnd, type QuietHours } from '../deliveries/quiet-hours.js';
