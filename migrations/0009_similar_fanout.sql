CREATE TABLE `job_parts` (
	`run_id` integer NOT NULL,
	`phase` text NOT NULL,
	`part` integer NOT NULL,
	`from_id` integer NOT NULL,
	`to_id` integer NOT NULL,
	`status` text NOT NULL,
	`owner` text,
	`lease_until` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`rows_written` integer DEFAULT 0 NOT NULL,
	`peak_bytes` integer DEFAULT 0 NOT NULL,
	`ms` integer DEFAULT 0 NOT NULL,
	`error` text,
	PRIMARY KEY(`run_id`, `phase`, `part`),
	FOREIGN KEY (`run_id`) REFERENCES `job_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_parts_status_idx` ON `job_parts` (`run_id`,`phase`,`status`);--> statement-breakpoint
CREATE TABLE `similar_postings` (
	`term_id` integer NOT NULL,
	`article_id` integer NOT NULL,
	PRIMARY KEY(`term_id`, `article_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `similar_postings_article_idx` ON `similar_postings` (`article_id`,`term_id`);--> statement-breakpoint
ALTER TABLE `similar_terms` ADD `df` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `similar_terms` ADD `kept` integer DEFAULT 0 NOT NULL;