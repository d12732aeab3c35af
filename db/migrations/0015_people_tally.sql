CREATE TABLE `people_tally` (
	`municipality_id` integer NOT NULL,
	`status` text NOT NULL,
	`role` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`municipality_id`, `status`, `role`)
);
--> statement-breakpoint
INSERT INTO `people_tally` (`municipality_id`, `status`, `role`, `n`)
SELECT coalesce(`municipality_id`, 0), `status`, '', count(*) FROM `people` GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `people_tally` (`municipality_id`, `status`, `role`, `n`)
SELECT coalesce(p.`municipality_id`, 0), p.`status`, r.value, count(*) FROM `people` p, json_each(p.`roles`) r GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TRIGGER `people_tally_insert` AFTER INSERT ON `people` BEGIN
	INSERT INTO `people_tally` (`municipality_id`, `status`, `role`, `n`) VALUES (coalesce(new.`municipality_id`, 0), new.`status`, '', 1)
		ON CONFLICT (`municipality_id`, `status`, `role`) DO UPDATE SET `n` = `n` + 1;
	INSERT INTO `people_tally` (`municipality_id`, `status`, `role`, `n`) SELECT coalesce(new.`municipality_id`, 0), new.`status`, value, 1 FROM json_each(new.`roles`) WHERE true
		ON CONFLICT (`municipality_id`, `status`, `role`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `people_tally_delete` AFTER DELETE ON `people` BEGIN
	UPDATE `people_tally` SET `n` = `n` - 1
		WHERE `municipality_id` = coalesce(old.`municipality_id`, 0) AND `status` = old.`status` AND `role` = '';
	UPDATE `people_tally` SET `n` = `n` - (SELECT count(*) FROM json_each(old.`roles`) r WHERE r.value = `people_tally`.`role`)
		WHERE `municipality_id` = coalesce(old.`municipality_id`, 0) AND `status` = old.`status` AND `role` IN (SELECT value FROM json_each(old.`roles`));
END;
--> statement-breakpoint
CREATE TRIGGER `people_tally_update` AFTER UPDATE OF `municipality_id`, `status`, `roles` ON `people`
WHEN old.`municipality_id` IS NOT new.`municipality_id` OR old.`status` IS NOT new.`status` OR old.`roles` IS NOT new.`roles` BEGIN
	UPDATE `people_tally` SET `n` = `n` - 1
		WHERE `municipality_id` = coalesce(old.`municipality_id`, 0) AND `status` = old.`status` AND `role` = '';
	UPDATE `people_tally` SET `n` = `n` - (SELECT count(*) FROM json_each(old.`roles`) r WHERE r.value = `people_tally`.`role`)
		WHERE `municipality_id` = coalesce(old.`municipality_id`, 0) AND `status` = old.`status` AND `role` IN (SELECT value FROM json_each(old.`roles`));
	INSERT INTO `people_tally` (`municipality_id`, `status`, `role`, `n`) VALUES (coalesce(new.`municipality_id`, 0), new.`status`, '', 1)
		ON CONFLICT (`municipality_id`, `status`, `role`) DO UPDATE SET `n` = `n` + 1;
	INSERT INTO `people_tally` (`municipality_id`, `status`, `role`, `n`) SELECT coalesce(new.`municipality_id`, 0), new.`status`, value, 1 FROM json_each(new.`roles`) WHERE true
		ON CONFLICT (`municipality_id`, `status`, `role`) DO UPDATE SET `n` = `n` + 1;
END;
