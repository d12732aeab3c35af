ALTER TABLE `event_participants` ADD `attended` integer;--> statement-breakpoint
ALTER TABLE `event_participants` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `event_participants` ADD `comment` text;--> statement-breakpoint
ALTER TABLE `event_participants` ADD `feedback_at` integer;--> statement-breakpoint
ALTER TABLE `event_participants` ADD `awaiting_comment_until` integer;