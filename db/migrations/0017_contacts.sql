CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`preferred` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_channel_user` ON `contacts` (`channel`,`user_id`);--> statement-breakpoint
CREATE INDEX `contacts_person` ON `contacts` (`person_id`);--> statement-breakpoint
INSERT INTO `contacts` (`person_id`, `channel`, `user_id`, `chat_id`, `status`, `preferred`, `created_at`, `updated_at`)
SELECT `id`, 'telegram', CAST(`telegram_id` AS text), CAST(`telegram_id` AS text), CASE WHEN `status` = 'blocked' THEN 'blocked' ELSE 'active' END, 1, `created_at`, `updated_at`
FROM `people` WHERE `telegram_id` IS NOT NULL;--> statement-breakpoint
DROP INDEX `people_telegram_id`;--> statement-breakpoint
ALTER TABLE `people` DROP COLUMN `telegram_id`;--> statement-breakpoint
ALTER TABLE `channels` ADD `channel` text DEFAULT 'telegram' NOT NULL;--> statement-breakpoint
ALTER TABLE `school_chats` ADD `channel` text DEFAULT 'telegram' NOT NULL;--> statement-breakpoint
UPDATE `system_state` SET `key` = 'deliveries.telegram.paused-until' WHERE `key` = 'deliveries.paused-until';
