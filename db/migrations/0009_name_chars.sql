CREATE TABLE `name_positions` (
	`k` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_name_chars` (
	`ch` text NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`ch`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_name_chars_user_idx` ON `user_name_chars` (`user_id`);--> statement-breakpoint
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 64) INSERT INTO `name_positions` (`k`) SELECT k FROM n;
--> statement-breakpoint
INSERT OR IGNORE INTO `user_name_chars` (`ch`, `user_id`) SELECT lower(substr(u.`name`, p.`k`, 1)), u.`id` FROM `users` u JOIN `name_positions` p ON p.`k` <= length(u.`name`);
--> statement-breakpoint
CREATE TRIGGER `users_name_chars_insert` AFTER INSERT ON `users` BEGIN
  INSERT OR IGNORE INTO `user_name_chars` (`ch`, `user_id`) SELECT lower(substr(NEW.`name`, `k`, 1)), NEW.`id` FROM `name_positions` WHERE `k` <= length(NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `users_name_chars_update` AFTER UPDATE OF `name` ON `users` WHEN NEW.`name` IS NOT OLD.`name` BEGIN
  DELETE FROM `user_name_chars` WHERE `user_id` = OLD.`id`;
  INSERT OR IGNORE INTO `user_name_chars` (`ch`, `user_id`) SELECT lower(substr(NEW.`name`, `k`, 1)), NEW.`id` FROM `name_positions` WHERE `k` <= length(NEW.`name`);
END;
