DROP INDEX `registrations_event_status_idx`;--> statement-breakpoint
CREATE INDEX `registrations_event_status_idx` ON `registrations` (`event_id`,`status`,`queued_at`,`seats`,`checked_in_seats`);--> statement-breakpoint
CREATE INDEX `events_upcoming_idx` ON `events` (`ends_at`) WHERE "events"."status" = 'scheduled';