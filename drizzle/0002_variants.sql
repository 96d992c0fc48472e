-- Variants: every existing product becomes a product with one default
-- variant that keeps the product's id, price, stock and active flag, so
-- cart lines, order lines and ledger rows keep pointing at the same thing
-- (variant id = old product id), and stock = sum(ledger) still holds per variant.
-- @libsql/client's migrate() runs this with foreign keys off, as a table
-- rebuild needs.
CREATE TABLE `variants` (
	`id` integer PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL,
	`sku` text NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`option_key` text DEFAULT '' NOT NULL,
	`price_cents` integer NOT NULL,
	`stock` integer DEFAULT 0 NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "variants_stock_non_negative" CHECK("variants"."stock" >= 0),
	CONSTRAINT "variants_price_valid" CHECK("variants"."price_cents" BETWEEN 0 AND 100000000)
);
--> statement-breakpoint
INSERT INTO `variants` (`id`, `product_id`, `sku`, `options`, `option_key`, `price_cents`, `stock`, `is_active`, `created_at`, `updated_at`)
SELECT `id`, `id`, 'SKU-' || `id`, '{}', '', `price_cents`, `stock`, `is_active`, `created_at`, `updated_at` FROM `products`;
--> statement-breakpoint
CREATE UNIQUE INDEX `variants_sku_unique` ON `variants` (`sku`);
--> statement-breakpoint
CREATE UNIQUE INDEX `variants_product_options_unique` ON `variants` (`product_id`,`option_key`);
--> statement-breakpoint
CREATE TABLE `__new_cart_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cart_items_quantity_positive" CHECK("__new_cart_items"."quantity" > 0),
	CONSTRAINT "cart_items_quantity_limit" CHECK("__new_cart_items"."quantity" <= 999)
);
--> statement-breakpoint
INSERT INTO `__new_cart_items` (`id`, `user_id`, `variant_id`, `quantity`, `created_at`)
SELECT `id`, `user_id`, `product_id`, `quantity`, `created_at` FROM `cart_items`;
--> statement-breakpoint
DROP TABLE `cart_items`;
--> statement-breakpoint
ALTER TABLE `__new_cart_items` RENAME TO `cart_items`;
--> statement-breakpoint
CREATE UNIQUE INDEX `cart_items_user_variant_unique` ON `cart_items` (`user_id`,`variant_id`);
--> statement-breakpoint
CREATE TABLE `__new_order_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`product_id` integer NOT NULL,
	`product_name` text NOT NULL,
	`sku` text NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_items_quantity_positive" CHECK("__new_order_items"."quantity" > 0),
	CONSTRAINT "order_items_quantity_limit" CHECK("__new_order_items"."quantity" <= 999)
);
--> statement-breakpoint
INSERT INTO `__new_order_items` (`id`, `order_id`, `variant_id`, `quantity`, `unit_price_cents`, `product_id`, `product_name`, `sku`, `options`)
SELECT oi.`id`, oi.`order_id`, oi.`product_id`, oi.`quantity`, oi.`unit_price_cents`, oi.`product_id`, p.`name`, 'SKU-' || oi.`product_id`, '{}'
FROM `order_items` oi JOIN `products` p ON p.`id` = oi.`product_id`;
--> statement-breakpoint
DROP TABLE `order_items`;
--> statement-breakpoint
ALTER TABLE `__new_order_items` RENAME TO `order_items`;
--> statement-breakpoint
CREATE UNIQUE INDEX `order_items_order_variant_unique` ON `order_items` (`order_id`,`variant_id`);
--> statement-breakpoint
CREATE INDEX `order_items_variant_idx` ON `order_items` (`variant_id`);
--> statement-breakpoint
CREATE TABLE `__new_inventory_movements` (
	`id` integer PRIMARY KEY NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity_change` integer NOT NULL,
	`reason` text NOT NULL,
	`order_id` integer,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "inventory_movements_change_non_zero" CHECK("__new_inventory_movements"."quantity_change" <> 0),
	CONSTRAINT "inventory_movements_reason_valid" CHECK(reason IN ('initial', 'sale', 'cancellation', 'restock', 'adjustment'))
);
--> statement-breakpoint
INSERT INTO `__new_inventory_movements` (`id`, `variant_id`, `quantity_change`, `reason`, `order_id`, `actor_id`, `note`, `created_at`)
SELECT `id`, `product_id`, `quantity_change`, `reason`, `order_id`, `actor_id`, `note`, `created_at` FROM `inventory_movements`;
--> statement-breakpoint
DROP TABLE `inventory_movements`;
--> statement-breakpoint
ALTER TABLE `__new_inventory_movements` RENAME TO `inventory_movements`;
--> statement-breakpoint
CREATE INDEX `inventory_movements_variant_idx` ON `inventory_movements` (`variant_id`,`id`);
--> statement-breakpoint
CREATE INDEX `inventory_movements_order_idx` ON `inventory_movements` (`order_id`);
--> statement-breakpoint
CREATE INDEX `inventory_movements_actor_idx` ON `inventory_movements` (`actor_id`);
--> statement-breakpoint
CREATE TABLE `__new_products` (
	`id` integer PRIMARY KEY NOT NULL,
	`category_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`option_names` text DEFAULT '[]' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_products` (`id`, `category_id`, `name`, `description`, `option_names`, `is_active`, `created_at`, `updated_at`)
SELECT `id`, `category_id`, `name`, `description`, '[]', `is_active`, `created_at`, `updated_at` FROM `products`;
--> statement-breakpoint
DROP TABLE `products`;
--> statement-breakpoint
ALTER TABLE `__new_products` RENAME TO `products`;
--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category_id`);
--> statement-breakpoint
CREATE INDEX `products_active_id_idx` ON `products` (`is_active`,`id`);
