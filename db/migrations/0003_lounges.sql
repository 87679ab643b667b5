CREATE TABLE `entitlement_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`year` integer NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`allowance_delta` integer DEFAULT 0 NOT NULL,
	`reserved_delta` integer DEFAULT 0 NOT NULL,
	`used_delta` integer DEFAULT 0 NOT NULL,
	`booking_id` integer,
	`actor_id` integer,
	`reason` text,
	`params` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`booking_id`) REFERENCES `lounge_bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `ledger_user_year_idx` ON `entitlement_ledger` (`user_id`,`year`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_grant_per_year` ON `entitlement_ledger` (`user_id`,`year`) WHERE "entitlement_ledger"."type" = 'grant';--> statement-breakpoint
CREATE TABLE `lounge_bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`lounge_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`slot_start` integer NOT NULL,
	`slot_end` integer NOT NULL,
	`year` integer NOT NULL,
	`companions` integer DEFAULT 0 NOT NULL,
	`companions_arrived` integer,
	`flight_no` text,
	`status` text NOT NULL,
	`walk_in` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`checked_in_at` integer,
	`checked_in_by` integer,
	`checked_out_at` integer,
	`checked_out_by` integer,
	`cancelled_at` integer,
	`no_show_at` integer,
	`reminded_at` integer,
	FOREIGN KEY (`lounge_id`) REFERENCES `lounges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`checked_in_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`checked_out_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "lounge_bookings_companions" CHECK("lounge_bookings"."companions" >= 0 AND ("lounge_bookings"."companions_arrived" IS NULL OR "lounge_bookings"."companions_arrived" >= 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lounge_bookings_code_unique` ON `lounge_bookings` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `lounge_bookings_live_unique` ON `lounge_bookings` (`user_id`,`lounge_id`,`slot_start`) WHERE "lounge_bookings"."status" IN ('booked', 'checked_in');--> statement-breakpoint
CREATE INDEX `lounge_bookings_slot_idx` ON `lounge_bookings` (`lounge_id`,`slot_start`,`status`);--> statement-breakpoint
CREATE INDEX `lounge_bookings_status_idx` ON `lounge_bookings` (`lounge_id`,`status`);--> statement-breakpoint
CREATE INDEX `lounge_bookings_user_idx` ON `lounge_bookings` (`user_id`,`year`);