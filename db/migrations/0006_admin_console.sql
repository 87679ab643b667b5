CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`file_name` text NOT NULL,
	`content` text NOT NULL,
	`digest` text NOT NULL,
	`status` text NOT NULL,
	`row_count` integer NOT NULL,
	`summary` text NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`failure` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `import_batches_created_idx` ON `import_batches` (`created_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notification_id` integer,
	`body` text,
	`user_id` integer NOT NULL,
	`channel` text NOT NULL,
	`destination` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_until` integer,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "outbox_has_text" CHECK("__new_outbox"."notification_id" IS NOT NULL OR "__new_outbox"."body" IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "notification_id", "body", "user_id", "channel", "destination", "status", "attempts", "next_attempt_at", "claimed_until", "last_error", "sent_at", "created_at") SELECT "id", "notification_id", NULL, "user_id", "channel", "destination", "status", "attempts", "next_attempt_at", "claimed_until", "last_error", "sent_at", "created_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_notification_channel_unique` ON `outbox` (`notification_id`,`channel`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_user_idx` ON `outbox` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_action_idx` ON `audit_log` (`action`,`at`);