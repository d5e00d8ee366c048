CREATE TABLE `article_bodies` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`html` text NOT NULL,
	`toc` text NOT NULL,
	`text` text NOT NULL,
	`render_version` integer NOT NULL,
	`format` text NOT NULL,
	`source` text NOT NULL,
	`links` text NOT NULL,
	`images` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_bodies_version_idx` ON `article_bodies` (`render_version`,`article_id`);--> statement-breakpoint
ALTER TABLE `articles` ADD `summary_derived` integer DEFAULT false NOT NULL;