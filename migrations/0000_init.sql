CREATE TABLE `article_blocks` (
	`article_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`language` text,
	PRIMARY KEY(`article_id`, `position`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `article_entities` (
	`article_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	PRIMARY KEY(`article_id`, `position`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_entities_name_idx` ON `article_entities` (`type`,`name`,`article_id`);--> statement-breakpoint
CREATE TABLE `article_list_items` (
	`article_id` integer NOT NULL,
	`list` text NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	PRIMARY KEY(`article_id`, `list`, `position`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `article_tags` (
	`article_id` integer NOT NULL,
	`kind` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`article_id`, `kind`, `position`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_tags_name_idx` ON `article_tags` (`kind`,`name`,`article_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`format` text NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`topic` text NOT NULL,
	`problem` text NOT NULL,
	`summary` text NOT NULL,
	`outline_context` text NOT NULL,
	`outline_problem` text NOT NULL,
	`outline_stack` text NOT NULL,
	`outline_action` text NOT NULL,
	`ai_brief` text NOT NULL,
	`code_language` text NOT NULL,
	`difficulty` text NOT NULL,
	`reading_time` integer NOT NULL,
	`view_count` integer NOT NULL,
	`score_quality` integer NOT NULL,
	`score_freshness` integer NOT NULL,
	`score_depth` integer NOT NULL,
	`score_clarity` integer NOT NULL,
	`revision_status` text NOT NULL,
	`revision_version` text NOT NULL,
	`last_reviewed` text,
	`reference` text NOT NULL,
	`hash` text NOT NULL,
	`flag_ai_generated` integer NOT NULL,
	`flag_has_images` integer NOT NULL,
	`flag_image_heavy` integer NOT NULL,
	`flag_needs_review` integer NOT NULL,
	`payload_source_id` text NOT NULL,
	`payload_generator` text NOT NULL,
	`payload_paragraphs` integer NOT NULL,
	`payload_scenario` text NOT NULL,
	`payload_seed` integer,
	`author` text,
	`draft` integer DEFAULT false NOT NULL,
	`indexable` integer NOT NULL,
	`content_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_source_id_unique` ON `articles` (`source_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slug_unique` ON `articles` (`slug`);--> statement-breakpoint
CREATE INDEX `articles_created_idx` ON `articles` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_difficulty_created_idx` ON `articles` (`difficulty`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_indexable_idx` ON `articles` (`indexable`,`updated_at`,`slug`);--> statement-breakpoint
CREATE TABLE `job_locks` (
	`job` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`processed` integer DEFAULT 0 NOT NULL,
	`rows_written` integer DEFAULT 0 NOT NULL,
	`cursor` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `job_runs_job_started_idx` ON `job_runs` (`job`,`started_at`);--> statement-breakpoint
CREATE TABLE `similar_posts` (
	`article_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`similar_article_id` integer NOT NULL,
	`score` real NOT NULL,
	`reason` text NOT NULL,
	PRIMARY KEY(`article_id`, `rank`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`similar_article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `similar_posts_target_idx` ON `similar_posts` (`similar_article_id`);--> statement-breakpoint
CREATE TABLE `site_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
