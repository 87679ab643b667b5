CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`detail` text,
	`ip` text,
	`request_id` text,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_target_idx` ON `audit_log` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `club_coordinators` (
	`club_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`club_id`, `user_id`),
	FOREIGN KEY (`club_id`) REFERENCES `clubs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `club_coordinators_user_idx` ON `club_coordinators` (`user_id`);--> statement-breakpoint
CREATE TABLE `clubs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`category` text NOT NULL,
	`city` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`description_zh` text NOT NULL,
	`description_en` text NOT NULL,
	`terms_zh` text,
	`terms_en` text,
	`min_tier` text,
	`capacity` integer NOT NULL,
	`requires_approval` integer DEFAULT false NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`min_tier`) REFERENCES `tiers`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "clubs_capacity_positive" CHECK("clubs"."capacity" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clubs_slug_unique` ON `clubs` (`slug`);--> statement-breakpoint
CREATE TABLE `dependents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`birth_year` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dependents_user_idx` ON `dependents` (`user_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`club_id` integer,
	`city` text NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text NOT NULL,
	`description_zh` text NOT NULL,
	`description_en` text NOT NULL,
	`venue_zh` text NOT NULL,
	`venue_en` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`max_guests` integer DEFAULT 0 NOT NULL,
	`min_tier` text,
	`requires_club_membership` integer DEFAULT false NOT NULL,
	`child_min_age` integer,
	`child_max_age` integer,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`club_id`) REFERENCES `clubs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`min_tier`) REFERENCES `tiers`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_times" CHECK("events"."starts_at" < "events"."ends_at" AND "events"."opens_at" <= "events"."closes_at"),
	CONSTRAINT "events_capacity" CHECK("events"."capacity" > 0 AND "events"."max_guests" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_slug_unique` ON `events` (`slug`);--> statement-breakpoint
CREATE INDEX `events_starts_idx` ON `events` (`starts_at`);--> statement-breakpoint
CREATE INDEX `events_club_idx` ON `events` (`club_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `login_throttles` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`blocked_until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lounge_staff` (
	`lounge_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`lounge_id`, `user_id`),
	FOREIGN KEY (`lounge_id`) REFERENCES `lounges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lounge_staff_user_idx` ON `lounge_staff` (`user_id`);--> statement-breakpoint
CREATE TABLE `lounges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`airport_code` text NOT NULL,
	`terminal` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`location_zh` text NOT NULL,
	`location_en` text NOT NULL,
	`description_zh` text NOT NULL,
	`description_en` text NOT NULL,
	`amenities` text NOT NULL,
	`capacity` integer NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`slot_minutes` integer NOT NULL,
	`prebook_share_pct` integer NOT NULL,
	`no_show_policy` text NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "lounges_capacity_positive" CHECK("lounges"."capacity" > 0),
	CONSTRAINT "lounges_hours" CHECK("lounges"."opens_at" >= 0 AND "lounges"."closes_at" <= 1440 AND "lounges"."opens_at" < "lounges"."closes_at"),
	CONSTRAINT "lounges_share" CHECK("lounges"."prebook_share_pct" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lounges_code_unique` ON `lounges` (`code`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `tiers` (
	`code` text PRIMARY KEY NOT NULL,
	`rank` integer NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`lounge_visits_per_year` integer NOT NULL,
	`companions_per_visit` integer NOT NULL,
	`early_access_hours` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tiers_rank_unique` ON `tiers` (`rank`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`tier_code` text,
	`locale` text DEFAULT 'zh' NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`card_code` text NOT NULL,
	`disabled_at` integer,
	`password_changed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tier_code`) REFERENCES `tiers`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_member_has_tier" CHECK(("users"."role" = 'member') = ("users"."tier_code" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_card_code_unique` ON `users` (`card_code`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);--> statement-breakpoint
CREATE INDEX `users_tier_idx` ON `users` (`tier_code`);