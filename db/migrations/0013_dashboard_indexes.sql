CREATE INDEX `people_school_leads` ON `people` (`school_id`) WHERE status = 'active' and instr(roles, '"school_lead"') > 0;--> statement-breakpoint
CREATE INDEX `event_participants_created` ON `event_participants` (`created_at`);--> statement-breakpoint
CREATE INDEX `event_participants_event_status` ON `event_participants` (`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `task_confirmations_confirmed_at` ON `task_confirmations` (`confirmed_at`);--> statement-breakpoint
CREATE INDEX `task_confirmations_task_status` ON `task_confirmations` (`task_id`,`status`,`municipality_id`,`school_id`);--> statement-breakpoint
CREATE INDEX `survey_participants_done` ON `survey_participants` (`done_at`);--> statement-breakpoint
CREATE INDEX `survey_participants_survey_done` ON `survey_participants` (`survey_id`,`done_at`);