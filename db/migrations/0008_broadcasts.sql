CREATE TABLE `admin_telegram_links` (
	`admin_id` integer PRIMARY KEY NOT NULL,
	`telegram_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`admin_id`) REFERENCES `admins`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_telegram_links_telegram_id_unique` ON `admin_telegram_links` (`telegram_id`);--> statement-breakpoint
CREATE TABLE `broadcasts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`html` text NOT NULL,
	`attachment` text,
	`buttons` text DEFAULT '[]' NOT NULL,
	`copy_of` text,
	`audience` text DEFAULT '{}' NOT NULL,
	`municipality_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`send_at` integer,
	`idempotency_key` text,
	`recipients` integer,
	`created_by` text NOT NULL,
	`admin_id` integer,
	`started_at` integer,
	`finished_at` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcasts_idempotency_key_unique` ON `broadcasts` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `broadcasts_status` ON `broadcasts` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `broadcasts_municipality` ON `broadcasts` (`municipality_id`);--> statement-breakpoint
CREATE TABLE `channel_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`kind` text NOT NULL,
	`event_id` integer,
	`html` text NOT NULL,
	`attachment` text,
	`buttons` text NOT NULL,
	`status` text NOT NULL,
	`post_at` integer NOT NULL,
	`municipality_id` integer,
	`created_by` text NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `channel_posts_channel` ON `channel_posts` (`channel_id`,`id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` text NOT NULL,
	`title` text NOT NULL,
	`municipality_id` integer,
	`problem` text,
	`checked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_chat_id_unique` ON `channels` (`chat_id`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `source` text;--> statement-breakpoint
CREATE INDEX `deliveries_source` ON `deliveries` (`source`,`status`);