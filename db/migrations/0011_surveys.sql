CREATE TABLE `survey_answers` (
	`response_id` text NOT NULL,
	`question_id` integer NOT NULL,
	`choices` text,
	`number_value` real,
	`text_value` text,
	`skipped` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`response_id`, `question_id`),
	FOREIGN KEY (`response_id`) REFERENCES `survey_responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `survey_answers_question` ON `survey_answers` (`question_id`);--> statement-breakpoint
CREATE TABLE `survey_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`response_id` text,
	`invited_at` integer,
	`postponed_at` integer,
	`done_at` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_participants_pair` ON `survey_participants` (`survey_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `survey_participants_person` ON `survey_participants` (`person_id`);--> statement-breakpoint
CREATE TABLE `survey_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`required` integer DEFAULT true NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`condition` text,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `survey_questions_survey` ON `survey_questions` (`survey_id`,`position`);--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` integer NOT NULL,
	`person_id` integer,
	`status` text NOT NULL,
	`current_question_id` integer,
	`municipality_id` integer,
	`roles` text DEFAULT '[]' NOT NULL,
	`school_tags` text DEFAULT '[]' NOT NULL,
	`started_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `survey_responses_survey` ON `survey_responses` (`survey_id`,`status`);--> statement-breakpoint
CREATE TABLE `survey_tallies` (
	`survey_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`group_key` text NOT NULL,
	`municipality_id` integer,
	`roles` text NOT NULL,
	`school_tags` text NOT NULL,
	`value` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`total` real,
	`low` real,
	`high` real,
	PRIMARY KEY(`survey_id`, `question_id`, `group_key`, `value`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`intro` text DEFAULT '' NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`audience` text DEFAULT '{}' NOT NULL,
	`municipality_id` integer,
	`event_id` integer,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`reminder_hours` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`published_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipalities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `surveys_status_closes` ON `surveys` (`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `surveys_municipality` ON `surveys` (`municipality_id`);