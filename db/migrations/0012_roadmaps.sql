CREATE TABLE `road_map_item_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`source` text NOT NULL,
	`status` text,
	`comment` text,
	`file_id` text,
	`person_id` integer,
	`by` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `road_map_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `road_map_item_history_item` ON `road_map_item_history` (`item_id`,`at`);--> statement-breakpoint
CREATE TABLE `road_map_item_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`event_id` integer,
	`task_id` integer,
	FOREIGN KEY (`item_id`) REFERENCES `road_map_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `road_map_item_links_item` ON `road_map_item_links` (`item_id`);--> statement-breakpoint
CREATE INDEX `road_map_item_links_event` ON `road_map_item_links` (`event_id`);--> statement-breakpoint
CREATE INDEX `road_map_item_links_task` ON `road_map_item_links` (`task_id`);--> statement-breakpoint
CREATE TABLE `road_map_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`road_map_id` integer NOT NULL,
	`position` integer NOT NULL,
	`number` text,
	`section` text,
	`text` text NOT NULL,
	`date_text` text NOT NULL,
	`kind` text NOT NULL,
	`event_kind` text,
	`due` text NOT NULL,
	`responsible` text NOT NULL,
	`audience` text NOT NULL,
	`result` text,
	`form` text,
	`doubts` text NOT NULL,
	`date_to_confirm` integer DEFAULT false NOT NULL,
	`dropped_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`road_map_id`) REFERENCES `road_maps`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `road_map_items_plan` ON `road_map_items` (`road_map_id`,`position`);--> statement-breakpoint
CREATE TABLE `road_map_prompts` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`history_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`history_id`) REFERENCES `road_map_item_history`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `road_map_prompts_history` ON `road_map_prompts` (`history_id`);--> statement-breakpoint
CREATE TABLE `road_maps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`academic` integer NOT NULL,
	`source_name` text NOT NULL,
	`municipality_id` integer,
	`stage` text DEFAULT 'review' NOT NULL,
	`imported_by` text NOT NULL,
	`imported_at` integer NOT NULL,
	`reimported_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `road_maps_municipality` ON `road_maps` (`municipality_id`);