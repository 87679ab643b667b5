CREATE TABLE `registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`event_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`guests` integer DEFAULT 0 NOT NULL,
	`children` text NOT NULL,
	`seats` integer NOT NULL,
	`created_at` integer NOT NULL,
	`queued_at` integer NOT NULL,
	`confirmed_at` integer,
	`cancelled_at` integer,
	`checked_in_seats` integer DEFAULT 0 NOT NULL,
	`checked_in_at` integer,
	`checked_in_by` integer,
	`no_show_at` integer,
	`walk_in` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`checked_in_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "registrations_seats" CHECK("registrations"."seats" >= 1 AND "registrations"."guests" >= 0 AND "registrations"."checked_in_seats" BETWEEN 0 AND "registrations"."seats")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_code_unique` ON `registrations` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_live_unique` ON `registrations` (`event_id`,`user_id`) WHERE "registrations"."status" IN ('confirmed', 'waitlisted');--> statement-breakpoint
CREATE INDEX `registrations_event_status_idx` ON `registrations` (`event_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `registrations_user_idx` ON `registrations` (`user_id`,`status`);