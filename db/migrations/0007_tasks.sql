CREATE TABLE `curator_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`curator_id` integer NOT NULL,
	`school_id` integer NOT NULL,
	`visited_on` text NOT NULL,
	`kind` text NOT NULL,
	`result` text NOT NULL,
	`photo_file_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`curator_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `curator_visits_school` ON `curator_visits` (`school_id`,`visited_on`);--> statement-breakpoint
CREATE TABLE `task_confirmations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`assignee` text NOT NULL,
	`school_id` integer,
	`person_id` integer,
	`municipality_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`confirmed_by` integer,
	`confirmed_at` integer,
	`evidence_kind` text,
	`evidence_text` text,
	`evidence_file_id` text,
	`problem` text,
	`verified_by` integer,
	`verified_at` integer,
	`return_reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_confirmations_assignee` ON `task_confirmations` (`task_id`,`assignee`);--> statement-breakpoint
CREATE INDEX `task_confirmations_school` ON `task_confirmations` (`school_id`);--> statement-breakpoint
CREATE INDEX `task_confirmations_person` ON `task_confirmations` (`person_id`);--> statement-breakpoint
CREATE TABLE `task_digest_subscribers` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `task_prompts` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`instructions` text DEFAULT '' NOT NULL,
	`due_at` integer NOT NULL,
	`audience` text DEFAULT '{}' NOT NULL,
	`assignment` text NOT NULL,
	`evidence` text DEFAULT 'none' NOT NULL,
	`verifier` text DEFAULT 'none' NOT NULL,
	`reminder_plan` text NOT NULL,
	`escalate_after_minutes` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`municipality_id` integer,
	`created_by` text NOT NULL,
	`published_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_status_due` ON `tasks` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_municipality` ON `tasks` (`municipality_id`);