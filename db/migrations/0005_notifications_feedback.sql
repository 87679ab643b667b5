CREATE TABLE `job_claims` (
	`key` text PRIMARY KEY NOT NULL,
	`claimed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notification_id` integer NOT NULL,
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
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_notification_channel_unique` ON `outbox` (`notification_id`,`channel`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_user_idx` ON `outbox` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `feedback_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`author_id` integer,
	`from_staff` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `feedback_tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `feedback_messages_ticket_idx` ON `feedback_messages` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `feedback_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`user_id` integer NOT NULL,
	`category` text NOT NULL,
	`subject` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`about_type` text,
	`about_id` integer,
	`club_id` integer,
	`created_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`first_response_at` integer,
	`closed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`club_id`) REFERENCES `clubs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "feedback_about" CHECK(("feedback_tickets"."about_type" IS NULL) = ("feedback_tickets"."about_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_tickets_reference_unique` ON `feedback_tickets` (`reference`);--> statement-breakpoint
CREATE INDEX `feedback_user_idx` ON `feedback_tickets` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `feedback_queue_idx` ON `feedback_tickets` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `feedback_club_idx` ON `feedback_tickets` (`club_id`,`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`subject_type` text NOT NULL,
	`registration_id` integer,
	`booking_id` integer,
	`event_id` integer,
	`club_id` integer,
	`lounge_id` integer,
	`score` integer NOT NULL,
	`comment` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`booking_id`) REFERENCES `lounge_bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`club_id`) REFERENCES `clubs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lounge_id`) REFERENCES `lounges`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ratings_score" CHECK("ratings"."score" BETWEEN 1 AND 5),
	CONSTRAINT "ratings_subject" CHECK(("ratings"."subject_type" = 'event' AND "ratings"."registration_id" IS NOT NULL AND "ratings"."event_id" IS NOT NULL AND "ratings"."booking_id" IS NULL) OR ("ratings"."subject_type" = 'lounge' AND "ratings"."booking_id" IS NOT NULL AND "ratings"."lounge_id" IS NOT NULL AND "ratings"."registration_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_registration_id_unique` ON `ratings` (`registration_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_booking_id_unique` ON `ratings` (`booking_id`);--> statement-breakpoint
CREATE INDEX `ratings_event_idx` ON `ratings` (`event_id`);--> statement-breakpoint
CREATE INDEX `ratings_club_idx` ON `ratings` (`club_id`);--> statement-breakpoint
CREATE INDEX `ratings_lounge_idx` ON `ratings` (`lounge_id`);--> statement-breakpoint
CREATE INDEX `ratings_user_idx` ON `ratings` (`user_id`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `dedupe_key` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `dispatched_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_unique` ON `notifications` (`dedupe_key`) WHERE "notifications"."dedupe_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `notifications_undispatched_idx` ON `notifications` (`id`) WHERE "notifications"."dispatched_at" IS NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email` text;--> statement-breakpoint
ALTER TABLE `users` ADD `notify_sms` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `notify_email` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- messages written before the outbox existed are not sent again by SMS or e-mail
UPDATE `notifications` SET `dispatched_at` = `created_at`;