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
