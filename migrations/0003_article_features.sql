CREATE TABLE `article_features` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`content_hash` text NOT NULL,
	`linkable` integer NOT NULL,
	`features` text NOT NULL,
	`dirty` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
