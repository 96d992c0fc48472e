CREATE TABLE `product_images` (
	`id` integer PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL,
	`key` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`position` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "product_images_content_type_valid" CHECK(content_type IN ('image/jpeg', 'image/png', 'image/webp')),
	CONSTRAINT "product_images_bytes_valid" CHECK("product_images"."bytes" BETWEEN 1 AND 5242880),
	CONSTRAINT "product_images_position_valid" CHECK("product_images"."position" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_images_key_unique` ON `product_images` (`key`);--> statement-breakpoint
CREATE INDEX `product_images_product_position_idx` ON `product_images` (`product_id`,`position`);