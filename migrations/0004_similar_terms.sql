CREATE TABLE `similar_terms` (
	`id` integer PRIMARY KEY NOT NULL,
	`term` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `similar_terms_term_unique` ON `similar_terms` (`term`);--> statement-breakpoint
-- Hand-written (drizzle-kit does not write data statements): stored features switch from JSON to
-- vocabulary ids. They are derived data, so the old rows are dropped rather than converted: the
-- next similar run extracts every article's features again and, everything being dirty, does a
-- full pass (docs/JOBS.md, "Stored features").
DELETE FROM `article_features`;
