CREATE TABLE `deliveries_sent_tally` (
	`week` integer NOT NULL,
	`municipality_id` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`week`, `municipality_id`)
);
--> statement-breakpoint
INSERT INTO `deliveries_sent_tally` (`week`, `municipality_id`, `n`)
SELECT (d.`sent_at` + 259200000) / 604800000, coalesce(p.`municipality_id`, 0), count(*)
FROM `deliveries` d LEFT JOIN `people` p ON p.`id` = d.`person_id` WHERE d.`sent_at` IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER `deliveries_sent_tally_insert` AFTER INSERT ON `deliveries` WHEN new.`sent_at` IS NOT NULL BEGIN
	INSERT INTO `deliveries_sent_tally` (`week`, `municipality_id`, `n`)
	VALUES ((new.`sent_at` + 259200000) / 604800000, coalesce((SELECT `municipality_id` FROM `people` WHERE `id` = new.`person_id`), 0), 1)
		ON CONFLICT (`week`, `municipality_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deliveries_sent_tally_update` AFTER UPDATE OF `sent_at` ON `deliveries` WHEN old.`sent_at` IS NULL AND new.`sent_at` IS NOT NULL BEGIN
	INSERT INTO `deliveries_sent_tally` (`week`, `municipality_id`, `n`)
	VALUES ((new.`sent_at` + 259200000) / 604800000, coalesce((SELECT `municipality_id` FROM `people` WHERE `id` = new.`person_id`), 0), 1)
		ON CONFLICT (`week`, `municipality_id`) DO UPDATE SET `n` = `n` + 1;
END;
