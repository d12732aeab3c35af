CREATE TABLE `delivery_preferences` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`quiet_from` integer,
	`quiet_to` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `subscription_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	`subscribed` integer NOT NULL,
	`changed_by` text NOT NULL,
	`actor` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscription_changes_person` ON `subscription_changes` (`person_id`,`at`);--> statement-breakpoint
CREATE INDEX `subscription_changes_at` ON `subscription_changes` (`at`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`person_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	`subscribed` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`person_id`, `topic_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscriptions_topic` ON `subscriptions` (`topic_id`,`subscribed`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`default_roles` text DEFAULT '[]' NOT NULL,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `school_chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`school_id` integer NOT NULL,
	`chat_id` text NOT NULL,
	`title` text,
	`scope` text DEFAULT 'all' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`linked_by` integer,
	`linked_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `school_chats_school` ON `school_chats` (`school_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `school_chats_chat` ON `school_chats` (`chat_id`);--> statement-breakpoint
CREATE INDEX `school_chats_status` ON `school_chats` (`status`);