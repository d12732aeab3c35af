DROP INDEX `deliveries_next`;--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`status`,`channel`,`not_before`);--> statement-breakpoint
CREATE INDEX `deliveries_next` ON `deliveries` (`status`,`channel`,`priority`,`id`);