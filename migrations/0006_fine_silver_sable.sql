CREATE TABLE `redirects` (
	`path` text PRIMARY KEY NOT NULL,
	`article_id` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `redirects_article_idx` ON `redirects` (`article_id`);--> statement-breakpoint
ALTER TABLE `articles` ADD `extra` text;