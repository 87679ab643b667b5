CREATE TABLE `club_memberships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`club_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`requested_at` integer NOT NULL,
	`queued_at` integer NOT NULL,
	`active_since` integer,
	`status_changed_at` integer NOT NULL,
	`decided_by` integer,
	`reason` text,
	FOREIGN KEY (`club_id`) REFERENCES `clubs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `club_memberships_live_unique` ON `club_memberships` (`club_id`,`user_id`) WHERE "club_memberships"."status" IN ('pending', 'active', 'waitlisted');--> statement-breakpoint
CREATE INDEX `club_memberships_club_status_idx` ON `club_memberships` (`club_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `club_memberships_user_idx` ON `club_memberships` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`title` text,
	`body` text,
	`link` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`,`created_at`);