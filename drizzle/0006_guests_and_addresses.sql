CREATE TABLE `addresses` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`line1` text NOT NULL,
	`line2` text DEFAULT '' NOT NULL,
	`city` text NOT NULL,
	`region` text DEFAULT '' NOT NULL,
	`postal_code` text NOT NULL,
	`country` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "addresses_country_valid" CHECK("addresses"."country" GLOB '[A-Z][A-Z]')
);
--> statement-breakpoint
CREATE INDEX `addresses_user_idx` ON `addresses` (`user_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `addresses_one_default` ON `addresses` (`user_id`) WHERE "addresses"."is_default" = 1;--> statement-breakpoint
CREATE TABLE `carts` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_key` text NOT NULL,
	`user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "carts_owner_valid" CHECK(("carts"."user_id" IS NOT NULL AND "carts"."owner_key" = 'user:' || "carts"."user_id") OR ("carts"."user_id" IS NULL AND "carts"."owner_key" LIKE 'guest:%'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `carts_owner_key_unique` ON `carts` (`owner_key`);--> statement-breakpoint
CREATE INDEX `carts_updated_idx` ON `carts` (`updated_at`);--> statement-breakpoint
-- Every customer with cart lines gets a cart row; the lines move to it.
INSERT INTO `carts` (`owner_key`, `user_id`) SELECT DISTINCT 'user:' || `user_id`, `user_id` FROM `cart_items`;--> statement-breakpoint
CREATE TABLE `__new_cart_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`cart_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cart_items_quantity_positive" CHECK("__new_cart_items"."quantity" > 0),
	CONSTRAINT "cart_items_quantity_limit" CHECK("__new_cart_items"."quantity" <= 999)
);
--> statement-breakpoint
INSERT INTO `__new_cart_items` (`id`, `cart_id`, `variant_id`, `quantity`, `created_at`)
	SELECT ci.`id`, c.`id`, ci.`variant_id`, ci.`quantity`, ci.`created_at`
	FROM `cart_items` ci JOIN `carts` c ON c.`owner_key` = 'user:' || ci.`user_id`;--> statement-breakpoint
DROP TABLE `cart_items`;--> statement-breakpoint
ALTER TABLE `__new_cart_items` RENAME TO `cart_items`;--> statement-breakpoint
CREATE UNIQUE INDEX `cart_items_cart_variant_unique` ON `cart_items` (`cart_id`,`variant_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_key` text NOT NULL,
	`user_id` integer,
	`guest_email` text,
	`access_token_hash` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`total_cents` integer DEFAULT 0 NOT NULL,
	`line_count` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`ship_name` text,
	`ship_line1` text,
	`ship_line2` text,
	`ship_city` text,
	`ship_region` text,
	`ship_postal_code` text,
	`ship_country` text,
	`ship_phone` text,
	`updated_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_status_valid" CHECK(status IN ('pending', 'processing', 'shipped', 'delivered', 'cancelled')),
	CONSTRAINT "orders_line_count_valid" CHECK("__new_orders"."line_count" BETWEEN 1 AND 100),
	CONSTRAINT "orders_total_non_negative" CHECK("__new_orders"."total_cents" >= 0),
	CONSTRAINT "orders_owner_valid" CHECK(("__new_orders"."user_id" IS NOT NULL AND "__new_orders"."owner_key" = 'user:' || "__new_orders"."user_id" AND "__new_orders"."guest_email" IS NULL)
        OR ("__new_orders"."user_id" IS NULL AND "__new_orders"."owner_key" LIKE 'guest:%' AND "__new_orders"."guest_email" IS NOT NULL AND "__new_orders"."access_token_hash" IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `__new_orders`("id", "owner_key", "user_id", "guest_email", "access_token_hash", "status", "total_cents", "line_count", "idempotency_key", "request_hash", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone", "updated_by", "created_at", "updated_at") SELECT "id", 'user:' || "user_id", "user_id", NULL, NULL, "status", "total_cents", "line_count", "idempotency_key", "request_hash", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "updated_by", "created_at", "updated_at" FROM `orders`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
ALTER TABLE `__new_orders` RENAME TO `orders`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_owner_idempotency_unique` ON `orders` (`owner_key`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_access_token_unique` ON `orders` (`access_token_hash`);--> statement-breakpoint
CREATE INDEX `orders_user_created_idx` ON `orders` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `__new_order_status_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_status_history_transition_valid" CHECK((from_status IS NULL AND to_status = 'pending') OR (from_status = 'pending' AND to_status = 'processing') OR (from_status = 'pending' AND to_status = 'cancelled') OR (from_status = 'processing' AND to_status = 'shipped') OR (from_status = 'processing' AND to_status = 'cancelled') OR (from_status = 'shipped' AND to_status = 'delivered'))
);
--> statement-breakpoint
INSERT INTO `__new_order_status_history`("id", "order_id", "from_status", "to_status", "actor_id", "note", "created_at") SELECT "id", "order_id", "from_status", "to_status", "actor_id", "note", "created_at" FROM `order_status_history`;--> statement-breakpoint
DROP TABLE `order_status_history`;--> statement-breakpoint
ALTER TABLE `__new_order_status_history` RENAME TO `order_status_history`;--> statement-breakpoint
CREATE INDEX `order_status_history_order_idx` ON `order_status_history` (`order_id`,`id`);